import type { AssessmentMode, Language, ModelPack } from "../model";
import { cellKey } from "./grid";
import { fingerprintSheet } from "./fingerprint";
import type { CellPlan, SheetPlan, WorkbookPlan } from "./plan";
import type { AssessmentSheet, FormulaStyle } from "./planAssessmentSheet";
import { planAssessmentSheet, TEMPLATE_VERSION } from "./planAssessmentSheet";

/** The very hidden sheet that carries each assessment sheet's metadata (SPEC §4). */
export const META_SHEET = "CTMM_Meta";

export interface WorkbookOptions {
  readonly language: Language;
  readonly mode: AssessmentMode;
  readonly formulaStyle: FormulaStyle;
  /** One assessment sheet per district; one unnamed sheet when empty. */
  readonly districts: readonly string[];
  /** Sheet names to use instead of the district names (kept by `upgrade`), one per district. */
  readonly sheetNames?: readonly string[];
  readonly date?: string;
  readonly assessor?: string;
}

/** What the metadata sheet records for one assessment sheet. */
export interface SheetMetadata {
  readonly sheet: string;
  readonly packId: string;
  readonly packVersion: string;
  readonly templateVersion: string;
  readonly mode: AssessmentMode;
  readonly language: Language;
  readonly formulaStyle: FormulaStyle;
  readonly fingerprint: string;
  /**
   * The threshold the sheet's formulas compute with (its header cell), so that readers score it
   * as the sheet does even when the pack's threshold was overridden; absent on older sheets.
   */
  readonly threshold?: number;
}

export const METADATA_KEYS = [
  "packId",
  "packVersion",
  "templateVersion",
  "mode",
  "language",
  "formulaStyle",
  "fingerprint",
  "threshold",
] as const satisfies readonly (keyof SheetMetadata)[];

/**
 * Plans a whole assessment workbook: one sheet per district, plus the metadata sheet.
 *
 * @example
 * planWorkbook(BUILTIN_PACK, { language: "zh-CN", mode: "full", formulaStyle: "portable",
 *   districts: ["和平区", "河西区"] });
 */
export function planWorkbook(
  pack: ModelPack,
  options: WorkbookOptions,
): { plan: WorkbookPlan; sheets: AssessmentSheet[]; metadata: SheetMetadata[] } {
  const districts = options.districts.length > 0 ? options.districts : [""];
  const fallback = options.language === "zh-CN" ? "评估" : "Assessment";
  const sheetNames = uniqueSheetNames(
    districts.map((d, i) => options.sheetNames?.[i] || d || fallback),
  );
  const sheets = districts.map((district, index) =>
    planAssessmentSheet(pack, {
      language: options.language,
      mode: options.mode,
      formulaStyle: options.formulaStyle,
      sheetName: sheetNames[index]!,
      district,
      ...(options.date !== undefined ? { date: options.date } : {}),
      ...(options.assessor !== undefined ? { assessor: options.assessor } : {}),
    }),
  );
  const metadata = sheets.map((sheet): SheetMetadata => ({
    sheet: sheet.plan.name,
    packId: pack.id,
    packVersion: pack.version,
    templateVersion: TEMPLATE_VERSION,
    mode: options.mode,
    language: options.language,
    formulaStyle: options.formulaStyle,
    fingerprint: fingerprintSheet(sheet.plan, inputCells(sheet)),
    threshold: pack.threshold,
  }));
  return {
    plan: {
      sheets: [...sheets.map((s) => s.plan), planMetaSheet(metadata)],
      title: pack.title[options.language],
    },
    sheets,
    metadata,
  };
}

/** The cells an assessor fills in: ratings, evidence and header fields. */
export function inputCells(sheet: AssessmentSheet): Set<string> {
  const keys = new Set<string>();
  for (const name of sheet.plan.names) {
    if (!/^CTMM_(Ratings|Evidence|District|Date|Assessor)$/.test(name.name)) continue;
    for (let row = name.range.top; row <= name.range.bottom; row++) {
      for (let column = name.range.left; column <= name.range.right; column++) {
        keys.add(cellKey(row, column));
      }
    }
  }
  return keys;
}

/**
 * The plan with its metadata sheet recording, besides the planned sheets, the earlier entries of
 * sheets that stay in the workbook: generating a second batch of districts into a workbook keeps
 * the first batch's metadata.
 *
 * @example
 * withEarlierMetadata(planWorkbook(pack, { ...options, districts: ["河西区"] }),
 *   [...readMetadata(grid).values()], new Set(["和平区", "河西区"]));
 */
export function withEarlierMetadata(
  planned: { readonly plan: WorkbookPlan; readonly metadata: readonly SheetMetadata[] },
  earlier: readonly SheetMetadata[],
  staying: ReadonlySet<string>,
): WorkbookPlan {
  const replanned = new Set(planned.metadata.map((m) => m.sheet.toLowerCase()));
  const kept = earlier.filter((m) => staying.has(m.sheet) && !replanned.has(m.sheet.toLowerCase()));
  if (kept.length === 0) return planned.plan;
  const meta = planMetaSheet([...kept, ...planned.metadata]);
  return {
    ...planned.plan,
    sheets: planned.plan.sheets.map((s) => (s.name === META_SHEET ? meta : s)),
  };
}

function planMetaSheet(metadata: readonly SheetMetadata[]): SheetPlan {
  const cells: CellPlan[] = [];
  ["sheet", ...METADATA_KEYS].forEach((key, column) => cells.push({ row: 0, column, value: key }));
  metadata.forEach((entry, index) => {
    ["sheet", ...METADATA_KEYS].forEach((key, column) =>
      cells.push({ row: index + 1, column, value: entry[key as keyof SheetMetadata] ?? null }),
    );
  });
  return {
    name: META_SHEET,
    visibility: "veryHidden",
    cells,
    columns: [],
    rows: [],
    merges: [],
    validations: [],
    conditionalFormats: [],
    names: [],
    protect: true,
  };
}

/** Sheet names Excel accepts: no []:*?/\, at most 31 characters, unique (case-insensitive). */
export function uniqueSheetNames(wanted: readonly string[]): string[] {
  const taken = new Set<string>([META_SHEET.toLowerCase()]);
  return wanted.map((raw) => {
    const base =
      raw
        .replace(/[[\]:*?/\\]/g, " ")
        .replace(/^'+|'+$/g, "")
        .trim()
        .slice(0, 31) || "Sheet";
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = base.slice(0, 31 - suffix.length) + suffix;
    }
    taken.add(name.toLowerCase());
    return name;
  });
}
