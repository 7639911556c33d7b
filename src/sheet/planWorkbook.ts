import type { AssessmentMode, Language, ModelPack } from "../model";
import { fingerprintSheet } from "./fingerprint";
import type { CellPlan, SheetPlan, WorkbookPlan } from "./plan";
import { sheetPlan } from "./plan";
import type { AssessmentSheet, FormulaStyle, SheetMetadata } from "./contract";
import { inputCells, META_SHEET, METADATA_KEYS, TEMPLATE_VERSION } from "./contract";
import { planAssessmentSheet } from "./planAssessmentSheet";

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
  const metadata = sheets.map((sheet) => sheetMetadata(pack, sheet, options));
  return {
    plan: {
      sheets: [...sheets.map((s) => s.plan), planMetaSheet(metadata)],
      title: pack.title[options.language],
    },
    sheets,
    metadata,
  };
}

/**
 * What CTMM_Meta records of a planned sheet (SPEC §4): the model, template version, mode,
 * language, formula style, threshold, kind and the fingerprint of its structure.
 */
export function sheetMetadata(
  pack: ModelPack,
  sheet: AssessmentSheet,
  options: Pick<SheetMetadata, "mode" | "language" | "formulaStyle" | "kind">,
): SheetMetadata {
  return {
    sheet: sheet.plan.name,
    packId: pack.id,
    packVersion: pack.version,
    templateVersion: TEMPLATE_VERSION,
    mode: options.mode,
    language: options.language,
    formulaStyle: options.formulaStyle,
    fingerprint: fingerprintSheet(sheet.plan, inputCells(sheet)),
    threshold: pack.threshold,
    ...(options.kind ? { kind: options.kind } : {}),
  };
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

/** The very hidden sheet recording each assessment (or review) sheet's metadata. */
export function planMetaSheet(metadata: readonly SheetMetadata[]): SheetPlan {
  const cells: CellPlan[] = [];
  ["sheet", ...METADATA_KEYS].forEach((key, column) => cells.push({ row: 0, column, value: key }));
  metadata.forEach((entry, index) => {
    ["sheet", ...METADATA_KEYS].forEach((key, column) =>
      cells.push({ row: index + 1, column, value: entry[key as keyof SheetMetadata] ?? null }),
    );
  });
  return sheetPlan(META_SHEET, {
    visibility: "veryHidden",
    cells,
    protect: true,
  });
}

/**
 * Sheet names Excel accepts: no []:*?/\, at most 31 characters, unique (case-insensitive). An
 * apostrophe inside becomes ’: a reference to a name on a sheet called O''Brien is lost in
 * Gnumeric (the name reads as text), and every formula over the sheet's names with it.
 */
export function uniqueSheetNames(wanted: readonly string[]): string[] {
  const taken = new Set<string>([META_SHEET.toLowerCase()]);
  return wanted.map((raw) => {
    const base =
      raw
        .replace(/[[\]:*?/\\]/g, " ")
        .replace(/^'+|'+$/g, "")
        .replace(/'/g, "’")
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
