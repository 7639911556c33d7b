import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { ParseArgsConfig } from "node:util";
import { parseArgs } from "node:util";
import { availableParallelism } from "node:os";
import type { Assessment, AggregateResult, AssessmentMode, Language, ModelPack } from "../model";
import { assess, BUILTIN_PACK, CtmmError, describePack, loadPack, PackError } from "../model";
import { address } from "../sheet/a1";
import type { WorkbookGrid } from "../sheet/grid";
import type { FormulaStyle } from "../sheet/planAssessmentSheet";
import { carryEntries, readSheetEntries } from "../sheet/entries";
import { matchPack, packMatchMessage } from "../sheet/matchPack";
import { planWorkbook } from "../sheet/planWorkbook";
import { planSummarySheets, summaryHeadings, summaryValues } from "../sheet/planSummary";
import { consolidateFiles } from "./consolidate";
import type { SheetAssessment } from "../sheet/readAssessment";
import {
  listAssessmentSheets,
  readSheetAssessment,
  SheetReadError,
  sheetThreshold,
} from "../sheet/readAssessment";
import type { Finding } from "../sheet/validateWorkbook";
import { validateWorkbook } from "../sheet/validateWorkbook";
import { readXlsx, writeXlsx, XlsxError } from "../xlsx";

/** Where the CLI writes: injected so tests run it in-process. */
export interface CliOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Exit codes of SPEC §7. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** A problem with the arguments or an input file: reported in one line, exit code 2. */
class UsageError extends Error {}

const USAGE = `ctmm — CTMM self-assessment workbooks without Excel

  ctmm template [--mode full|quick] [--lang zh-CN|en-US] [--district NAME]...
                [--districts FILE] [--model PACK.json] [--out PATH]
  ctmm score FILE... [--json] [--model PACK.json]
  ctmm validate FILE... [--json] [--lang zh-CN|en-US] [--model PACK.json]
  ctmm consolidate FILE... --out SUMMARY.xlsx [--csv FILE] [--json] [--lang zh-CN|en-US]
                   [--model PACK.json]
  ctmm upgrade FILE --out NEW.xlsx [--model PACK.json]

Exit codes: 0 success, 1 findings or errors in the inputs, 2 unusable arguments or files.`;

/**
 * Runs one `ctmm` command. Never throws: every failure becomes a message naming the file and the
 * problem, and an exit code.
 */
export interface CliOptions {
  /** The bundled script, for `consolidate`'s worker threads; absent in-process (tests). */
  readonly workerScript?: string;
}

export async function runCli(
  argv: readonly string[],
  out: CliOutput,
  env: Record<string, string | undefined> = {},
  options: CliOptions = {},
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "template":
        return template(rest, out);
      case "score":
        return score(rest, out);
      case "validate":
        return validate(rest, out, env);
      case "upgrade":
        return upgrade(rest, out);
      case "consolidate":
        return await consolidate(rest, out, env, options);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        out.stdout(USAGE);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      out.stderr(`ctmm: ${error.message}`);
      return EXIT.usage;
    }
    // Anything unforeseen still gets one line, not a stack trace.
    out.stderr(
      `ctmm: unexpected problem: ${error instanceof Error ? error.message : String(error)}`,
    );
    return EXIT.usage;
  }
}

function parse(args: readonly string[], options: NonNullable<ParseArgsConfig["options"]>) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  option: string,
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value))
    return value as T;
  throw new UsageError(`--${option} must be one of ${allowed.join(", ")}, not "${String(value)}"`);
}

// ---------------------------------------------------------------------------------------------
// template

// Excel stores an add-in function in a file as _xldudf_CTMM_… with a web-extension part; a file
// written here with plain CTMM.LEVEL(…) text is reported to stay #NAME? after the add-in loads
// (office-js issues 6611 and 6395), and a protected sheet leaves no way to re-enter the formulas.
// So files written outside Excel use portable formulas only.
const ADDIN_REFUSED =
  "--formulas addin is not available here: Excel recognises CTMM.* formulas only when it writes " +
  "them itself (a file made here would show #NAME?); use Generate in the add-in's task pane";
const ADDIN_CONVERTED =
  "its add-in formulas (CTMM.*) were converted to portable formulas: Excel recognises CTMM.* " +
  "formulas only when it writes them itself (Generate in the add-in's task pane writes them)";

function template(args: readonly string[], out: CliOutput): number {
  const { values, positionals } = parse(args, {
    mode: { type: "string" },
    lang: { type: "string" },
    formulas: { type: "string" },
    district: { type: "string", multiple: true },
    districts: { type: "string" },
    model: { type: "string" },
    out: { type: "string" },
  });
  if (positionals.length > 0)
    throw new UsageError(`template takes no files, got "${positionals[0]}"`);
  const mode = oneOf<AssessmentMode>(values.mode, ["full", "quick"], "mode", "full");
  const language = oneOf<Language>(values.lang, ["zh-CN", "en-US"], "lang", "zh-CN");
  if (values.formulas === "addin") throw new UsageError(ADDIN_REFUSED);
  const formulaStyle = oneOf<FormulaStyle>(values.formulas, ["portable"], "formulas", "portable");
  const pack = loadModel(values.model as string | undefined);
  const districts = [
    ...((values.district as string[] | undefined) ?? []),
    ...readDistricts(values.districts as string | undefined),
  ];
  const date = new Date().toISOString().slice(0, 10);

  if (districts.length <= 1) {
    const target = resolve((values.out as string | undefined) ?? "ctmm-assessment.xlsx");
    const { plan } = planWorkbook(pack, { language, mode, formulaStyle, districts, date });
    writeOutput(target, writeXlsx(plan));
    out.stdout(target);
    return EXIT.ok;
  }
  const folder = resolve((values.out as string | undefined) ?? "ctmm-assessments");
  if (existsSync(folder) && !statSync(folder).isDirectory()) {
    throw new UsageError(
      `${folder}: with several districts --out must be a folder, and this is a file`,
    );
  }
  mkdirSync(folder, { recursive: true });
  const used = new Set<string>();
  for (const district of districts) {
    const { plan } = planWorkbook(pack, {
      language,
      mode,
      formulaStyle,
      districts: [district],
      date,
    });
    let name = safeFileName(district);
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${safeFileName(district)} (${n})`;
    used.add(name.toLowerCase());
    const target = join(folder, `${name}.xlsx`);
    writeOutput(target, writeXlsx(plan));
    out.stdout(target);
  }
  return EXIT.ok;
}

function readDistricts(file: string | undefined): string[] {
  if (file === undefined) return [];
  const text = new TextDecoder("utf-8").decode(readInput(file)).replace(/^\uFEFF/, "");
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

function safeFileName(name: string): string {
  // Characters Windows, macOS and Linux all refuse or treat specially in file names.
  const cleaned = [...name].map((c) => (c < " " || '<>:"/\\|?*'.includes(c) ? "_" : c)).join("");
  return cleaned.replace(/^[.\s]+|[.\s]+$/g, "").slice(0, 100) || "district";
}

// ---------------------------------------------------------------------------------------------
// score

interface ScoredSheet {
  readonly file: string;
  readonly read: SheetAssessment;
  readonly result: Assessment;
}

function score(args: readonly string[], out: CliOutput): number {
  const { values, positionals } = parse(args, {
    json: { type: "boolean" },
    model: { type: "string" },
  });
  if (positionals.length === 0) throw new UsageError("score needs at least one .xlsx file");
  const pack = loadModel(values.model as string | undefined);
  const scored: ScoredSheet[] = [];
  let problems = 0;
  for (const file of positionals) {
    const grid = readWorkbook(file);
    const names = listAssessmentSheets(grid);
    if (names.length === 0) {
      out.stderr(`${file}: no CTMM assessment sheet (no sheet has the name CTMM_Ratings)`);
      problems++;
      continue;
    }
    for (const name of names) {
      try {
        const read = readSheetAssessment(grid, name);
        // A sheet without metadata is scored as it is (`validate` reports it).
        const match = matchPack(read.metadata, pack);
        if (match.status === "mismatch") {
          throw new SheetReadError(
            name,
            `${packMatchMessage(match, "en-US")}, or score it with --model`,
          );
        }
        scored.push({
          file,
          read,
          result: assess(pack, read.input, { threshold: sheetThreshold(read.metadata, pack) }),
        });
      } catch (error) {
        out.stderr(`${file}: sheet "${name}": ${explain(error, grid, name)}`);
        problems++;
      }
    }
  }
  if (values.json)
    out.stdout(
      JSON.stringify(
        scored.map((s) => scoreJson(s, pack)),
        null,
        2,
      ),
    );
  else for (const s of scored) out.stdout(scoreText(s));
  return problems > 0 ? EXIT.findings : EXIT.ok;
}

function explain(error: unknown, grid: WorkbookGrid, sheetName: string): string {
  if (error instanceof CtmmError && error.code === "RATING_INVALID" && error.location.nodeId) {
    try {
      const read = readSheetAssessment(grid, sheetName);
      const row = read.items.find((i) => i.id === error.location.nodeId)?.row;
      const column = read.ratingColumns[error.location.column ?? 0];
      if (row !== undefined && column !== undefined)
        return `${address(row, column)}: ${error.message}`;
    } catch {
      // Fall through to the plain message.
    }
  }
  if (error instanceof CtmmError || error instanceof SheetReadError) return error.message;
  throw error;
}

function aggregateJson(aggregate: AggregateResult, language: Language) {
  return {
    id: aggregate.id,
    name: aggregate.name[language],
    level: aggregate.result?.level ?? null,
    score: aggregate.result?.score ?? null,
    levelScores: aggregate.result?.levelScores ?? null,
  };
}

function scoreJson({ file, read, result }: ScoredSheet, pack: ModelPack) {
  const language = read.metadata?.language ?? "zh-CN";
  const { level, score, levelScores } = aggregateJson(result.overall, language);
  return {
    file,
    sheet: read.sheet,
    district: read.district,
    model: { id: pack.id, version: pack.version },
    mode: result.mode,
    overall: { level, score, levelScores },
    domains: result.domains.map((d) => aggregateJson(d, language)),
    subdomains: result.subdomains.map((s) => aggregateJson(s, language)),
    items: result.items.map((i) => ({
      id: i.id,
      level: i.result?.level ?? null,
      applicable: i.applicable,
    })),
  };
}

function scoreText({ file, read, result }: ScoredSheet): string {
  const language = read.metadata?.language ?? "zh-CN";
  const show = (a: AggregateResult) =>
    a.result ? `level ${a.result.level}, score ${a.result.score.toFixed(2)}` : "N/A";
  const lines = [
    `${file} — ${read.sheet}${read.district ? ` (${read.district})` : ""}`,
    `  overall: ${show(result.overall)}`,
  ];
  for (const d of result.domains) lines.push(`  ${d.id} ${d.name[language]}: ${show(d)}`);
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------
// validate

function validate(
  args: readonly string[],
  out: CliOutput,
  env: Record<string, string | undefined>,
): number {
  const { values, positionals } = parse(args, {
    json: { type: "boolean" },
    lang: { type: "string" },
    model: { type: "string" },
  });
  if (positionals.length === 0) throw new UsageError("validate needs at least one .xlsx file");
  const language = oneOf<Language>(
    values.lang,
    ["zh-CN", "en-US"],
    "lang",
    /^zh/i.test(env.LANG ?? "") ? "zh-CN" : "en-US",
  );
  const pack = loadModel(values.model as string | undefined);
  const report: (Omit<Finding, "message"> & { file: string; message: string })[] = [];
  for (const file of positionals) {
    const grid = readWorkbook(file);
    if (listAssessmentSheets(grid).length === 0) {
      throw new UsageError(
        `${file}: no CTMM assessment sheet (no sheet has the name CTMM_Ratings)`,
      );
    }
    for (const f of validateWorkbook(grid, pack))
      report.push({ ...f, file, message: f.message[language] });
  }
  if (values.json) out.stdout(JSON.stringify(report, null, 2));
  else {
    for (const f of report)
      out.stdout(
        `${f.file}: ${f.sheet}${f.cell ? `!${f.cell}` : ""}: ${f.severity} ${f.code}: ${f.message}`,
      );
    const errors = report.filter((f) => f.severity === "error").length;
    out.stdout(`${errors} error(s), ${report.length - errors} warning(s)`);
  }
  return report.some((f) => f.severity === "error") ? EXIT.findings : EXIT.ok;
}

// ---------------------------------------------------------------------------------------------
// upgrade

function upgrade(args: readonly string[], out: CliOutput): number {
  const { values, positionals } = parse(args, {
    out: { type: "string" },
    model: { type: "string" },
  });
  if (positionals.length !== 1) throw new UsageError("upgrade needs exactly one .xlsx file");
  if (values.out === undefined) throw new UsageError("upgrade needs --out NEW.xlsx");
  const file = positionals[0]!;
  const target = resolve(values.out as string);
  if (target === resolve(file))
    throw new UsageError(`${file}: --out must be a new file; the input is never modified`);
  const pack = loadModel(values.model as string | undefined);
  const grid = readWorkbook(file);
  const names = listAssessmentSheets(grid);
  if (names.length === 0) throw new UsageError(`${file}: no CTMM assessment sheet to upgrade`);

  const sheets = names.map((name) => {
    try {
      return readSheetAssessment(grid, name);
    } catch (error) {
      if (error instanceof SheetReadError)
        throw new UsageError(`${file}: sheet "${name}": ${error.message}`);
      throw error;
    }
  });
  const language = sheets[0]!.metadata?.language ?? "zh-CN";
  const mode = sheets[0]!.mode;
  if (sheets.some((s) => s.mode !== mode))
    throw new UsageError(
      `${file}: mixes full and quick sheets; upgrade them one workbook per mode`,
    );
  const planned = planWorkbook(pack, {
    language,
    mode,
    // A file written here cannot carry add-in formulas that Excel recognises (see template).
    formulaStyle: "portable",
    districts: sheets.map((s) => s.district),
    sheetNames: sheets.map((s) => s.sheet),
  });
  const sources = new Map(
    sheets.map((sheet, index) => [
      planned.sheets[index]!.plan.name,
      readSheetEntries(grid, sheet.sheet)!, // not null: every sheet was read above
    ]),
  );
  const { plan, dropped } = carryEntries(planned, sources, pack);
  writeOutput(target, writeXlsx(plan));
  if (sheets.some((s) => s.metadata?.formulaStyle === "addin"))
    out.stderr(`${file}: ${ADDIN_CONVERTED}`);
  for (const { sheet, itemId } of dropped)
    out.stderr(
      `${file}: ${sheet}: ${itemId} no longer exists in ${describePack(pack)}; its entries were not carried over`,
    );
  out.stdout(target);
  return EXIT.ok;
}

// ---------------------------------------------------------------------------------------------
// consolidate

async function consolidate(
  args: readonly string[],
  out: CliOutput,
  env: Record<string, string | undefined>,
  options: CliOptions,
): Promise<number> {
  const { values, positionals } = parse(args, {
    out: { type: "string" },
    csv: { type: "string" },
    json: { type: "boolean" },
    lang: { type: "string" },
    model: { type: "string" },
  });
  if (positionals.length === 0) throw new UsageError("consolidate needs at least one .xlsx file");
  if (values.out === undefined) throw new UsageError("consolidate needs --out SUMMARY.xlsx");
  const target = resolve(values.out as string);
  const csvTarget = values.csv === undefined ? null : resolve(values.csv as string);
  for (const file of positionals) {
    if (resolve(file) === target || resolve(file) === csvTarget) {
      throw new UsageError(`${file}: is an input; --out and --csv must be new files`);
    }
  }
  const language = oneOf<Language>(
    values.lang,
    ["zh-CN", "en-US"],
    "lang",
    /^zh/i.test(env.LANG ?? "") ? "zh-CN" : "en-US",
  );
  const modelFile = (values.model as string | undefined) ?? null;
  const pack = loadModel(modelFile ?? undefined);
  const results = await consolidateFiles(positionals, pack, {
    ...(options.workerScript ? { workerScript: options.workerScript } : {}),
    workers: Math.max(1, availableParallelism()),
    modelFile: modelFile === null ? null : resolve(modelFile),
  });
  const rows = results.flatMap((r) => r.rows);
  const findings = results.flatMap((r) => r.findings);
  const [summary, findingSheet] = planSummarySheets(pack, rows, findings, language);
  writeOutput(
    target,
    writeXlsx({ sheets: [summary!, findingSheet!], title: pack.title[language] }),
  );
  if (csvTarget)
    writeOutput(
      csvTarget,
      toCsv([summaryHeadings(pack, language), ...summaryValues(rows, language)]),
    );
  if (values.json) {
    out.stdout(
      JSON.stringify(
        rows.map((row) => ({
          file: row.file,
          sheet: row.sheet,
          district: row.district,
          completeness: row.completeness,
          errors: row.errors,
          warnings: row.warnings,
          overall: row.overall ? { level: row.overall.level, score: row.overall.score } : null,
          domains: pack.domains.map((d, i) => ({
            id: d.id,
            level: row.domains[i]?.level ?? null,
            score: row.domains[i]?.score ?? null,
          })),
          ...(row.problem ? { problem: row.problem } : {}),
        })),
        null,
        2,
      ),
    );
  } else out.stdout(target);
  for (const row of rows.filter((r) => r.problem)) {
    out.stderr(`${row.file}${row.sheet ? `: sheet "${row.sheet}"` : ""}: ${row.problem}`);
  }
  return rows.some((r) => r.errors > 0) ? EXIT.findings : EXIT.ok;
}

/**
 * CSV for Excel: UTF-8 with a byte order mark, CRLF, quoted where needed, and text that a
 * spreadsheet would run as a formula (=, +, -, @) prefixed with an apostrophe.
 */
function toCsv(rows: readonly (readonly (string | number)[])[]): Uint8Array {
  const field = (value: string | number) => {
    if (typeof value === "number") return String(value);
    const text = /^[=+\-@]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return new TextEncoder().encode(
    `\uFEFF${rows.map((r) => r.map(field).join(",")).join("\r\n")}\r\n`,
  );
}

// ---------------------------------------------------------------------------------------------
// Files

function loadModel(file: string | undefined): ModelPack {
  if (file === undefined) return BUILTIN_PACK;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8").decode(readInput(file)).replace(/^\uFEFF/, ""));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  try {
    return loadPack(json);
  } catch (error) {
    if (error instanceof PackError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
}

function readInput(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "is a folder, not a file"
          : code === "EACCES"
            ? "permission denied"
            : (error as Error).message;
    throw new UsageError(`${file}: ${why}`);
  }
}

function readWorkbook(file: string): WorkbookGrid {
  const bytes = readInput(file);
  try {
    return readXlsx(bytes);
  } catch (error) {
    if (error instanceof XlsxError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
}

/** Writes through a temporary file, so that a failure never leaves half a workbook behind. */
function writeOutput(target: string, bytes: Uint8Array): void {
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(temporary, bytes);
    renameSync(temporary, target);
  } catch (error) {
    throw new UsageError(`${target}: cannot write (${(error as Error).message})`);
  }
}
