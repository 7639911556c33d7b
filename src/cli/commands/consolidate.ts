// `ctmm consolidate`: one summary workbook (and CSV, JSON) of every return.
import { resolve } from "node:path";
import { availableParallelism } from "node:os";
import type { Language, LevelResult, ModelPack } from "../../model";
import type { SummaryRow } from "../../sheet/planSummary";
import {
  FINDING_COLUMNS,
  findingValues,
  planSummarySheets,
  summaryHeadings,
  summaryValues,
} from "../../sheet/planSummary";
import { writeXlsxStream } from "../../xlsx";
import type { FileSummary } from "../consolidate";
import { consolidateFiles, rowStatus } from "../consolidate";
import { FindingSpill } from "../findingSpill";
import { cleanText, round6, words } from "../messages";
import type { CliOptions, CliOutput } from "../support";
import {
  EXIT,
  UsageError,
  breathe,
  withRepeats,
  JsonArrayWriter,
  openBatch,
  refuseInputsAsOutputs,
  refuseOverwrite,
  writeOutput,
  writeOutputStream,
} from "../support";

export async function consolidate(
  args: readonly string[],
  out: CliOutput,
  env: Record<string, string | undefined>,
  options: CliOptions,
): Promise<number> {
  const { values, positionals, languages, modelFile, loadPack } = openBatch(
    "consolidate",
    args,
    env,
    {
      out: { type: "string" },
      csv: { type: "string" },
      json: { type: "boolean" },
      force: { type: "boolean" },
    },
  );
  if (values.out === undefined) throw new UsageError("consolidate needs --out SUMMARY.xlsx");
  const target = resolve(values.out as string);
  const csvTarget = values.csv === undefined ? null : resolve(values.csv as string);
  refuseInputsAsOutputs(
    positionals,
    [target, csvTarget].filter((t) => t !== null),
    "--out and --csv must be new files",
  );
  const force = values.force === true;
  refuseOverwrite(target, force);
  if (csvTarget) refuseOverwrite(csvTarget, force);
  const pack = loadPack();

  const entries = withRepeats(positionals);
  const unique = entries.filter((e) => e.repeatOf === null).map((e) => e.file);
  for (const { file, repeatOf } of entries)
    if (repeatOf !== null)
      out.stderr(
        `${cleanText(file)}: ${words(languages.forFile(null)).duplicate(cleanText(repeatOf))}`,
      );

  // Only the small summary rows stay in memory; each file's grid is gone once it is summarised,
  // and its findings wait in a temporary file until the summary is written.
  const summaries: FileSummary[] = [];
  const spill = new FindingSpill();
  let rows: SummaryRow[];
  try {
    await consolidateFiles(
      unique,
      pack,
      {
        ...(options.workerScript ? { workerScript: options.workerScript } : {}),
        workers: Math.max(1, availableParallelism()),
        modelFile: modelFile === null ? null : resolve(modelFile),
        spillDir: spill.dir,
      },
      async (summary) => {
        if (summary.spilled) spill.add(summary.spilled);
        else spill.append(summary.findings);
        summaries.push({ ...summary, findings: [] });
        const language = languages.forFile(summary.language);
        summary.rows.forEach((row, i) => {
          const problem = summary.problems[i];
          if (!problem) return;
          out.stderr(
            `${cleanText(row.file)}${row.sheet ? `: ${words(language).sheet(cleanText(row.sheet))}` : ""}: ${problem[language]}`,
          );
        });
        await breathe();
      },
    );
    rows = summaryRows(summaries, languages.batch);
    writeSummary(target, pack, rows, spill, languages.batch);
  } finally {
    spill.dispose();
  }
  const language = languages.batch;
  if (csvTarget)
    writeOutput(
      csvTarget,
      toCsv([summaryHeadings(pack, language), ...summaryValues(rows, language)]),
    );
  if (values.json) {
    const json = new JsonArrayWriter(out);
    for (const row of rows) json.push(summaryJson(row, pack, language));
    json.end();
  } else out.stdout(target);
  return rows.some((r) => r.errors > 0) ? EXIT.findings : EXIT.ok;
}

/** The summary rows of every file, each problem worded in the summary's language. */
function summaryRows(summaries: readonly FileSummary[], language: Language): SummaryRow[] {
  return summaries.flatMap((s) =>
    s.rows.map((row, i) => {
      const problem = s.problems[i];
      return problem ? { ...row, problem: problem[language] } : row;
    }),
  );
}

/** The consolidation workbook, its findings streamed from the spill after the heading row. */
function writeSummary(
  target: string,
  pack: ModelPack,
  rows: readonly SummaryRow[],
  spill: FindingSpill,
  language: Language,
): void {
  const [summary, findingSheet] = planSummarySheets(pack, rows, [], language);
  const findings = spill.read();
  writeOutputStream(target, (write) =>
    writeXlsxStream({ sheets: [summary!, findingSheet!], title: pack.title[language] }, write, {
      sheet: findingSheet!.name,
      firstRow: 1,
      count: spill.count,
      columns: FINDING_COLUMNS,
      rows: (function* () {
        for (const finding of findings) yield findingValues(finding, language);
      })(),
    }),
  );
}

function summaryJson(row: SummaryRow, pack: ModelPack, language: Language) {
  const result = (r: LevelResult | null) => (r ? { level: r.level, score: round6(r.score) } : null);
  return {
    file: cleanText(row.file),
    sheet: cleanText(row.sheet),
    district: cleanText(row.district),
    status: rowStatus(row),
    completeness: round6(row.completeness),
    errors: row.errors,
    warnings: row.warnings,
    overall: result(row.overall),
    domains: pack.domains.map((d, i) => ({
      id: d.id,
      name: cleanText(d.name[language]),
      level: row.domains[i]?.level ?? null,
      score: row.domains[i] ? round6(row.domains[i].score) : null,
    })),
    ...(row.problem ? { problem: cleanText(row.problem) } : {}),
  };
}

/**
 * CSV for Excel: UTF-8 with a byte order mark, CRLF, quoted where needed, numbers to 6 decimal
 * places, control characters removed, and text that a spreadsheet would run as a formula
 * (=, +, -, @) prefixed with an apostrophe.
 */
function toCsv(rows: readonly (readonly (string | number)[])[]): Uint8Array {
  const field = (value: string | number) => {
    if (typeof value === "number") return String(round6(value));
    const clean = cleanText(value);
    const text = /^[=+\-@]/.test(clean) ? `'${clean}` : clean;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return new TextEncoder().encode(
    `\uFEFF${rows.map((r) => r.map(field).join(",")).join("\r\n")}\r\n`,
  );
}
