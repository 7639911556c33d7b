/**
 * The pane's settings, as kept in the workbook: the pane language, a threshold, and a model pack
 * loaded from a JSON file. Parsed defensively: a workbook may carry anything.
 */
import type { ModelPack } from "../model";
import { BUILTIN_PACK, loadPack, PackError } from "../model";
import type { UiLanguage } from "./i18n";

export interface PaneSettings {
  /** "auto" follows Office's display language. */
  readonly uiLanguage: "auto" | UiLanguage;
  /** Overrides the pack's threshold; null keeps the pack's own. */
  readonly threshold: number | null;
  /** A loaded model pack, as its JSON text; null for the built-in pack. */
  readonly pack: string | null;
}

export const DEFAULT_SETTINGS: PaneSettings = { uiLanguage: "auto", threshold: null, pack: null };

/** The lowest threshold the pane offers: below half met, a level would mean little. */
export const MIN_THRESHOLD = 0.5;

/** Settings from whatever the document holds; anything unusable falls back to the default. */
export function parseSettings(raw: unknown): PaneSettings {
  if (typeof raw !== "object" || raw === null) return DEFAULT_SETTINGS;
  const value = raw as Record<string, unknown>;
  const uiLanguage =
    value.uiLanguage === "zh-CN" || value.uiLanguage === "en-US" ? value.uiLanguage : "auto";
  const threshold =
    typeof value.threshold === "number" && isThreshold(value.threshold) ? value.threshold : null;
  const pack = typeof value.pack === "string" ? value.pack : null;
  return { uiLanguage, threshold, pack };
}

export function isThreshold(value: number): boolean {
  return Number.isFinite(value) && value >= MIN_THRESHOLD && value <= 1;
}

/**
 * The model pack the settings ask for, with the threshold applied; the built-in pack when the
 * stored pack can no longer be loaded (with the reason).
 */
export function activePackOf(settings: PaneSettings): {
  readonly pack: ModelPack;
  readonly problem: string | null;
} {
  let pack = BUILTIN_PACK;
  let problem: string | null = null;
  if (settings.pack !== null) {
    try {
      pack = readPackJson(settings.pack);
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
  }
  return {
    pack: settings.threshold === null ? pack : { ...pack, threshold: settings.threshold },
    problem,
  };
}

/**
 * A model pack from JSON text, validated (SPEC §2.4).
 *
 * @throws PackError listing every problem with the node it concerns; SyntaxError for bad JSON.
 */
export function readPackJson(text: string): ModelPack {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SyntaxError(`not JSON: ${(error as Error).message}`, { cause: error });
  }
  return loadPack(raw);
}

export { PackError };
