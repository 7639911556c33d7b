import type { Localized, ModelPack } from "../model";
import type { WorkbookGrid } from "./grid";
import type { SummaryFinding, SummaryRow } from "./planSummary";
import type { SheetAssessment } from "./readAssessment";
import { listAssessmentSheets } from "./readAssessment";
import { scoreSheet, UnscorableSheet } from "./scoreSheet";
import { checkWorkbook } from "./validateWorkbook";

/** What one returned file contributes to the consolidation: a row per sheet, and its findings. */
export interface ConsolidatedFile {
  readonly rows: SummaryRow[];
  readonly findings: SummaryFinding[];
  /** Why each row could not be scored, in both languages (null for a scored row). */
  readonly problems: readonly (Localized | null)[];
}

/**
 * The one row of a file that could not be read at all (not a workbook, truncated, too large),
 * saying why, so that a consolidation reports on every file it was given.
 */
export function unreadableFile(
  file: string,
  pack: ModelPack,
  problem: Localized,
): ConsolidatedFile {
  return {
    rows: [
      {
        file,
        sheet: "",
        district: "",
        completeness: 0,
        errors: 1,
        warnings: 0,
        overall: null,
        domains: pack.domains.map(() => null),
        problem: problem["en-US"],
      },
    ],
    findings: [],
    problems: [problem],
  };
}

/**
 * Checks and scores every assessment sheet of one returned workbook: its findings (SPEC §8) and
 * one summary row per sheet with completeness, error and warning counts, and the overall and
 * domain results. Never throws for a bad return: a sheet that cannot be read or scored becomes a
 * row that says why. The CLI and the task pane's Consolidate both call it; `file` only labels.
 *
 * @example
 * const { rows, findings } = consolidateGrid("和平区.xlsx", readXlsx(bytes), BUILTIN_PACK);
 */
/**
 * At most this many findings of one file are kept for a summary's findings sheet (the counts
 * stay exact): a return with 100,000 stray cells must not hold 100,000 messages in memory.
 * Validation itself lists them all.
 */
export const MAX_FINDINGS_PER_FILE = 200;

/** The first findings of a file, the last kept one saying how many more there are. */
export function capFindings(findings: SummaryFinding[]): SummaryFinding[] {
  if (findings.length <= MAX_FINDINGS_PER_FILE) return findings;
  const kept = findings.slice(0, MAX_FINDINGS_PER_FILE - 1);
  const first = findings[MAX_FINDINGS_PER_FILE - 1]!;
  const more = findings.length - kept.length;
  kept.push({
    ...first,
    cell: null,
    message: {
      "zh-CN": `另有 ${more} 条问题未列出（第一条：${first.message["zh-CN"]}）；校验此文件可查看全部`,
      "en-US": `${more} more findings are not listed (the first: ${first.message["en-US"]}); validating the file lists them all`,
    },
  });
  return kept;
}

export function consolidateGrid(
  file: string,
  grid: WorkbookGrid,
  pack: ModelPack,
): ConsolidatedFile {
  const names = listAssessmentSheets(grid);
  if (names.length === 0)
    return unreadableFile(file, pack, {
      "zh-CN": "没有 CTMM 评估表（没有工作表带有名称 CTMM_Ratings）",
      "en-US": "no CTMM assessment sheet (no sheet has the name CTMM_Ratings)",
    });
  const checked = checkWorkbook(grid, pack);
  const findings = checked.findings.map((f) => ({ ...f, file }));
  const problems: (Localized | null)[] = [];
  const rows = names.map((name): SummaryRow => {
    const errors = findings.filter((f) => f.sheet === name && f.severity === "error").length;
    const warnings = findings.filter((f) => f.sheet === name && f.severity === "warning").length;
    try {
      // Scored even with findings: a rating off the scale counts as blank (see scoreSheet).
      const { read, result } = scoreSheet(grid, name, pack, checked.reads.get(name));
      problems.push(null);
      return {
        file,
        sheet: name,
        district: read.district,
        completeness: completeness(read),
        errors,
        warnings,
        overall: result.overall.result,
        domains: result.domains.map((d) => d.result),
      };
    } catch (error) {
      if (!(error instanceof UnscorableSheet)) throw error;
      problems.push(error.text);
      return {
        file,
        sheet: name,
        district: "",
        completeness: 0,
        errors: Math.max(errors, 1),
        warnings,
        overall: null,
        domains: pack.domains.map(() => null),
        problem: error.message,
      };
    }
  });
  return { rows, findings, problems };
}

/** Share of rating cells filled in (N/A counts as filled), 0..1. */
function completeness(read: SheetAssessment): number {
  let filled = 0;
  let total = 0;
  for (const row of read.input.ratings.values()) {
    for (const cell of row) {
      total++;
      if (cell !== null && cell !== undefined && String(cell).trim() !== "") filled++;
    }
  }
  return total === 0 ? 0 : filled / total;
}
