import { PackError } from "./errors";
import type {
  DomainDefinition,
  ItemDefinition,
  LevelDefinition,
  Localized,
  ModelPack,
  NodeId,
  RatingOption,
  SubdomainDefinition,
} from "./types";
import { LANGUAGES, LEVEL_COUNT } from "./types";

/** The rating scale of SPEC §3.1, used when a pack does not bring its own. */
export const DEFAULT_RATING_SCALE: readonly RatingOption[] = [
  { value: 1, label: { "zh-CN": "全部满足", "en-US": "Fully met" } },
  { value: 0.8, label: { "zh-CN": "大部分满足", "en-US": "Largely met" } },
  { value: 0.5, label: { "zh-CN": "部分满足", "en-US": "Partially met" } },
  { value: 0, label: { "zh-CN": "不满足", "en-US": "Not met" } },
];
export const DEFAULT_THRESHOLD = 0.8;
const DEFAULT_BELOW_LEVEL_1: Localized = { "zh-CN": "未达一级", "en-US": "Below Level 1" };
const EMPTY_TEXT: Localized = { "zh-CN": "", "en-US": "" };

// Ids end up in defined-name arrays, formulas and file names: keep them to a safe alphabet.
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

type Json = Record<string, unknown>;

/**
 * Validates a model pack (SPEC §2.4) and returns it with defaults filled in. Every problem is
 * collected, and the `PackError` names each offending node, so a pack author fixes all at once.
 *
 * @example
 * const pack = loadPack(JSON.parse(text)); // throws PackError: `item "2.1.3": name has no en-US text`
 */
export function loadPack(raw: unknown): ModelPack {
  const problems: string[] = [];
  const report = (where: string, what: string): void => {
    problems.push(`${where}: ${what}`);
  };
  if (!isObject(raw)) throw new PackError(["pack: not a JSON object"]);

  const id = readString(raw, "id", "pack", report);
  const where = id ? `pack "${id}"` : "pack";
  const version = readString(raw, "version", where, report);
  const title = readLocalized(raw, "title", where, report);
  const source = raw.source === undefined ? undefined : readLocalized(raw, "source", where, report);
  const belowLevel1 =
    raw.belowLevel1 === undefined
      ? DEFAULT_BELOW_LEVEL_1
      : readLocalized(raw, "belowLevel1", where, report);

  let threshold = DEFAULT_THRESHOLD;
  if (raw.threshold !== undefined) {
    if (typeof raw.threshold === "number" && raw.threshold > 0 && raw.threshold <= 1) {
      threshold = raw.threshold;
    } else report(where, `threshold must be a number in (0, 1], got ${show(raw.threshold)}`);
  }

  const levels = readLevels(raw.levels, where, report);
  const ratingScale =
    raw.ratingScale === undefined
      ? DEFAULT_RATING_SCALE
      : readRatingScale(raw.ratingScale, where, report);
  const domains = readDomains(raw.domains, where, report);

  if (problems.length > 0) throw new PackError(problems);
  return {
    id,
    version,
    title,
    ...(source ? { source } : {}),
    belowLevel1,
    levels,
    ratingScale,
    threshold,
    domains,
  };
}

type Report = (where: string, what: string) => void;

function readLevels(raw: unknown, where: string, report: Report): LevelDefinition[] {
  if (!Array.isArray(raw)) {
    report(where, `levels must be a list of ${LEVEL_COUNT} levels`);
    return [];
  }
  if (raw.length !== LEVEL_COUNT) {
    report(where, `levels must hold exactly ${LEVEL_COUNT} levels, found ${raw.length}`);
  }
  return raw.map((entry: unknown, index) => {
    const at = `level ${index + 1}`;
    if (!isObject(entry)) {
      report(at, "not an object");
      return placeholderLevel(index);
    }
    if (entry.level !== index + 1) {
      report(at, `"level" must be ${index + 1} (levels are listed 1 to ${LEVEL_COUNT} in order)`);
    }
    return {
      level: (index + 1) as LevelDefinition["level"],
      name: readLocalized(entry, "name", at, report),
      summary: readOptionalLocalized(entry, "summary", at, report),
      description: readOptionalLocalized(entry, "description", at, report),
    };
  });
}

function placeholderLevel(index: number): LevelDefinition {
  const text = EMPTY_TEXT;
  return {
    level: (index + 1) as LevelDefinition["level"],
    name: text,
    summary: text,
    description: text,
  };
}

function readRatingScale(raw: unknown, where: string, report: Report): RatingOption[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    report(where, "ratingScale must be a non-empty list of {value, label}");
    return [];
  }
  const options: RatingOption[] = [];
  raw.forEach((entry: unknown, index) => {
    const at = `rating scale entry ${index + 1}`;
    if (!isObject(entry)) return report(at, "not an object");
    const value = entry.value;
    if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
      return report(at, `value must be a number in [0, 1], got ${show(value)}`);
    }
    if (options.some((o) => o.value === value)) return report(at, `duplicate value ${value}`);
    options.push({ value, label: readLocalized(entry, "label", at, report) });
  });
  if (!options.some((o) => o.value === 1) || !options.some((o) => o.value === 0)) {
    report(where, "ratingScale must include the values 1 (fully met) and 0 (not met)");
  }
  return options.sort((a, b) => b.value - a.value);
}

interface NodeSpec<T> {
  /** How the node is named in messages. */
  readonly kind: string;
  /** The key of the list that holds nodes of this kind. */
  readonly listKey: string;
  readonly readChildren: (node: Json, at: string) => T;
}

interface ReadNode<T> {
  readonly base: ItemDefinition;
  readonly children: T;
  readonly node: Json;
  readonly at: string;
}

function readDomains(raw: unknown, where: string, report: Report): DomainDefinition[] {
  const seen = new Map<string, string>();
  const itemSpec: NodeSpec<null> = { kind: "item", listKey: "items", readChildren: () => null };
  const subdomainSpec: NodeSpec<ItemDefinition[]> = {
    kind: "sub-domain",
    listKey: "subdomains",
    readChildren: (node, at) =>
      readNodes(node.items, at, at, itemSpec, seen, report).map(({ base }) => base),
  };
  const domainSpec: NodeSpec<SubdomainDefinition[]> = {
    kind: "domain",
    listKey: "domains",
    readChildren: (node, at) =>
      readNodes(node.subdomains, at, at, subdomainSpec, seen, report).map(({ base, children }) => ({
        ...base,
        items: children,
      })),
  };
  return readNodes(raw, where, "", domainSpec, seen, report).map(
    ({ base, children, node, at }) => ({
      ...base,
      traits: readTraits(node.traits, at, report),
      subdomains: children,
    }),
  );
}

/**
 * Reads one level of the tree: ids, names, weights (default 1, i.e. equal among siblings) and the
 * children below. Nodes are named by their path, e.g. `domain "2" › sub-domain "2.1"`.
 */
function readNodes<T>(
  raw: unknown,
  parentAt: string,
  parentPath: string,
  spec: NodeSpec<T>,
  seen: Map<string, string>,
  report: Report,
): ReadNode<T>[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    report(parentAt, `${spec.listKey} must be a non-empty list`);
    return [];
  }
  const prefix = parentPath ? `${parentPath} › ` : "";
  const nodes = raw.map((node: unknown, index): ReadNode<T> | null => {
    const id = isObject(node) && typeof node.id === "string" ? node.id : "";
    const at = `${prefix}${spec.kind} ${id ? `"${id}"` : `#${index + 1}`}`;
    if (!isObject(node)) {
      report(at, "not an object");
      return null;
    }
    if (!ID_PATTERN.test(id)) {
      report(at, `id must be 1-64 letters, digits, ".", "_" or "-", got ${show(node.id)}`);
    } else if (seen.has(id)) {
      report(at, `duplicate id (already used by ${seen.get(id)})`);
    } else seen.set(id, at);
    let weight = 1;
    if (node.weight !== undefined) {
      if (typeof node.weight === "number" && Number.isFinite(node.weight) && node.weight >= 0) {
        weight = node.weight;
      } else report(at, `weight must be a finite number ≥ 0, got ${show(node.weight)}`);
    }
    const base: ItemDefinition = {
      id: id as NodeId,
      name: readLocalized(node, "name", at, report),
      weight,
    };
    return { base, children: spec.readChildren(node, at), node, at };
  });
  const valid = nodes.filter((n): n is ReadNode<T> => n !== null);
  if (valid.length > 0 && valid.every((n) => n.base.weight === 0)) {
    report(parentAt, `the weights of its ${spec.listKey} sum to 0; at least one must be positive`);
  }
  return valid;
}

function readTraits(raw: unknown, at: string, report: Report): Localized[] {
  if (!Array.isArray(raw) || raw.length !== LEVEL_COUNT) {
    report(at, `traits must list the domain's characteristic at each of the ${LEVEL_COUNT} levels`);
    return [];
  }
  return raw.map((trait: unknown, index) =>
    readLocalizedValue(trait, at, `trait at level ${index + 1}`, report),
  );
}

function readString(node: Json, key: string, at: string, report: Report): string {
  const value = node[key];
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  report(at, `${key} must be a non-empty text, got ${show(value)}`);
  return "";
}

function readLocalized(node: Json, key: string, at: string, report: Report): Localized {
  return readLocalizedValue(node[key], at, key, report);
}

function readOptionalLocalized(node: Json, key: string, at: string, report: Report): Localized {
  return node[key] === undefined ? EMPTY_TEXT : readLocalized(node, key, at, report);
}

function readLocalizedValue(value: unknown, at: string, field: string, report: Report): Localized {
  if (!isObject(value)) {
    report(at, `${field} must give a text per language (${LANGUAGES.join(", ")})`);
    return EMPTY_TEXT;
  }
  const texts = { ...EMPTY_TEXT };
  for (const language of LANGUAGES) {
    const text = value[language];
    if (typeof text === "string" && text.trim() !== "") texts[language] = text.trim();
    else report(at, `${field} has no ${language} text`);
  }
  return texts;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
