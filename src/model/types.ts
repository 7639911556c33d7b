/** The languages the model, the workbook and the UI speak. */
export type Language = "zh-CN" | "en-US";
export const LANGUAGES: readonly Language[] = ["zh-CN", "en-US"];

/** A text in every supported language. */
export type Localized = Readonly<Record<Language, string>>;

/** A maturity level: 0 means "below level 1". */
export type Level = 0 | 1 | 2 | 3 | 4 | 5;
export const LEVEL_COUNT = 5;

/** Ids are easy to mix up with names and labels, so they are branded. */
export type NodeId = string & { readonly __brand: "NodeId" };

/** How ratings are entered: per item and level (full), or one level per item (quick). */
export type AssessmentMode = "full" | "quick";

export interface LevelDefinition {
  readonly level: Exclude<Level, 0>;
  readonly name: Localized;
  readonly summary: Localized;
  readonly description: Localized;
}

export interface RatingOption {
  readonly value: number;
  readonly label: Localized;
}

export interface ItemDefinition {
  readonly id: NodeId;
  readonly name: Localized;
  /** Weight among sibling items as given in the pack (not normalised). */
  readonly weight: number;
}

export interface SubdomainDefinition {
  readonly id: NodeId;
  readonly name: Localized;
  readonly weight: number;
  readonly items: readonly ItemDefinition[];
}

export interface DomainDefinition {
  readonly id: NodeId;
  readonly name: Localized;
  readonly weight: number;
  /** The domain's characteristic at levels 1..5 (index 0 is level 1). */
  readonly traits: readonly Localized[];
  readonly subdomains: readonly SubdomainDefinition[];
}

/** A validated model pack (SPEC §2.4). Build one with `loadPack`. */
export interface ModelPack {
  readonly id: string;
  readonly version: string;
  readonly title: Localized;
  /** Where the model comes from (a standard, a draft, a local policy). */
  readonly source?: Localized;
  /** Name of level 0, e.g. 未达一级 / Below Level 1. */
  readonly belowLevel1: Localized;
  /** Levels 1..5 in order. */
  readonly levels: readonly LevelDefinition[];
  /** Full-mode rating scale, highest first. */
  readonly ratingScale: readonly RatingOption[];
  /** A level is reached when its level score is at least this (0 < θ ≤ 1). */
  readonly threshold: number;
  readonly domains: readonly DomainDefinition[];
}
