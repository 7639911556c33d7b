import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { ParseArgsConfig } from "node:util";
import { parseArgs } from "node:util";
import { availableParallelism } from "node:os";
import type { AggregateResult, Language, AssessmentMode, LevelResult, ModelPack } from "../model";
import { BUILTIN_PACK, describePack, loadPack, PackError } from "../model";
import { address } from "../sheet/a1";
import type { WorkbookGrid } from "../sheet/grid";
import { cellKey } from "../sheet/grid";
import type { FormulaStyle } from "../sheet/contract";
import { SHEET_NAMES } from "../sheet/contract";
import { carryEntries, readSheetEntries } from "../sheet/entries";
import type { ExcludedReturn, ReviewReturn } from "../sheet/planReview";
import { planReviewWorkbook, reviewCandidates } from "../sheet/planReview";
import { planWorkbook } from "../sheet/planWorkbook";
import type { SummaryRow } from "../sheet/planSummary";
import {
  FINDING_COLUMNS,
  findingValues,
  planSummarySheets,
  summaryHeadings,
  summaryValues,
} from "../sheet/planSummary";
import {
  findName,
  listAssessmentSheets,
  readMetadata,
  readSheetAssessment,
  SheetReadError,
} from "../sheet/readAssessment";
import type { Finding } from "../sheet/validateWorkbook";
import { FINDING_CODES, validateWorkbook } from "../sheet/validateWorkbook";
import { writeXlsx, writeXlsxStream, XlsxError } from "../xlsx";
import type { FileSummary } from "./consolidate";
import { consolidateFiles, rowStatus } from "./consolidate";
import { FindingSpill } from "./findingSpill";
import { cleanText, describeProblem, round6, words } from "./messages";
import type { FileProblem } from "./readReturn";
import { fileIdentity, openReturn, readRegularFile } from "./readReturn";
import type { ScoredSheet } from "../sheet/scoreSheet";
import { scoreSheet, UnscorableSheet } from "../sheet/scoreSheet";

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
                [--districts FILE] [--model PACK.json] [--out PATH] [--force]
  ctmm score FILE... [--json] [--lang zh-CN|en-US] [--model PACK.json]
  ctmm validate FILE... [--json] [--lang zh-CN|en-US] [--model PACK.json]
  ctmm consolidate FILE... --out SUMMARY.xlsx [--csv FILE] [--json] [--lang zh-CN|en-US]
                   [--model PACK.json] [--force]
  ctmm review FILE... --out REVIEW.xlsx [--lang zh-CN|en-US] [--model PACK.json] [--force]
  ctmm upgrade FILE --out NEW.xlsx [--model PACK.json] [--lang zh-CN|en-US] [--force]

review builds the workbook of the review meeting: every valid return as a district sheet with
its own ratings locked beside a reviewed block to edit, and a live summary, item spread and list
of changes; returns with errors are listed on the summary with the reason and left out.

score, validate and consolidate report on every file given, in order: a file that cannot be
read (missing, not a regular file, over 50 MB, not a workbook, over the reader's limits, more
than 30 s to read) is reported with the reason and the others go on. A file given twice (by any
path) is read once; its second mention says so. Messages follow each workbook's language
(--lang sets one for all). No command overwrites an existing file without --force.

Exit codes: 0 success, 1 findings or errors in the inputs (an unreadable file included),
2 unusable arguments.`;

/** Options of `runCli` that only the process wiring sets. */
export interface CliOptions {
  /** The bundled script, for `consolidate`'s worker threads; absent in-process (tests). */
  readonly workerScript?: string;
}

/**
 * Runs one `ctmm` command. Never throws: every failure becomes a message naming the file and the
 * problem, and an exit code.
 */
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
        return await score(rest, out, env);
      case "validate":
        return await validate(rest, out, env);
      case "upgrade":
        return upgrade(rest, out, env);
      case "consolidate":
        return await consolidate(rest, out, env, options);
      case "review":
        return await review(rest, out, env);
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

const LANGUAGES: readonly Language[] = ["zh-CN", "en-US"];

/** `--lang` if given (checked), else null: each workbook's own language then applies. */
function langOption(value: unknown): Language | null {
  return value === undefined ? null : oneOf<Language>(value, LANGUAGES, "lang", "en-US");
}

/** The language of the user's environment, for messages about files that have none of their own. */
function environmentLanguage(env: Record<string, string | undefined>): Language {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return /^zh/i.test(locale) ? "zh-CN" : "en-US";
}

/** The workbook's language, from its first assessment sheet's metadata. */
function workbookLanguage(grid: WorkbookGrid): Language | null {
  for (const metadata of readMetadata(grid).values()) return metadata.language;
  return null;
}

/**
 * The language for words about the whole batch (totals, the summary workbook): `--lang`, else
 * the one language every readable workbook shares, else the environment's.
 */
class BatchLanguage {
  private readonly seen = new Set<Language>();
  constructor(
    private readonly option: Language | null,
    private readonly fallback: Language,
  ) {}
  /** The language for one file's messages. */
  forFile(language: Language | null): Language {
    if (language !== null) this.seen.add(language);
    return this.option ?? language ?? this.fallback;
  }
  get batch(): Language {
    if (this.option) return this.option;
    return this.seen.size === 1 ? [...this.seen][0]! : this.fallback;
  }
}

/** Lets the event loop run between files, so that a closed stdout ends the command at once. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The files of a batch in order, each with the earlier mention of the same file (same device and
 * inode, or same real path) if it is a repeat.
 */
function withRepeats(files: readonly string[]): { file: string; repeatOf: string | null }[] {
  const first = new Map<string, string>();
  return files.map((file) => {
    const key = fileIdentity(file)?.key;
    if (key === undefined) return { file, repeatOf: null };
    const earlier = first.get(key);
    if (earlier !== undefined) return { file, repeatOf: earlier };
    first.set(key, file);
    return { file, repeatOf: null };
  });
}

/** Prints a JSON array one element at a time, so that nothing waits for the whole batch. */
class JsonArrayWriter {
  private held: unknown = undefined;
  private started = false;
  constructor(private readonly out: CliOutput) {}
  push(value: unknown): void {
    if (!this.started) {
      this.out.stdout("[");
      this.started = true;
    }
    if (this.held !== undefined) this.out.stdout(`${indent(this.held)},`);
    this.held = value;
  }
  end(): void {
    if (!this.started) return this.out.stdout("[]");
    if (this.held !== undefined) this.out.stdout(indent(this.held));
    this.out.stdout("]");
  }
}

const indent = (value: unknown) => JSON.stringify(value, null, 2).replace(/^/gm, "  ");

// ---------------------------------------------------------------------------------------------
// template

// Excel stores an add-in function in a file as _xldudf_CTMM_… with a web-extension part; a file
// written here with plain CTMM.LEVEL(…) text is reported to stay #NAME? after the add-in loads
// (office-js issues 6611 and 6395), and a protected sheet leaves no way to re-enter the formulas.
// So files written outside Excel use portable formulas only.
const ADDIN_REFUSED =
  "--formulas addin is not available here: Excel recognises CTMM.* formulas only when it writes " +
  "them itself (a file made here would show #NAME?); use Generate in the add-in's task pane";

function template(args: readonly string[], out: CliOutput): number {
  const { values, positionals } = parse(args, {
    mode: { type: "string" },
    lang: { type: "string" },
    formulas: { type: "string" },
    district: { type: "string", multiple: true },
    districts: { type: "string" },
    model: { type: "string" },
    out: { type: "string" },
    force: { type: "boolean" },
  });
  if (positionals.length > 0)
    throw new UsageError(`template takes no files, got "${positionals[0]}"`);
  const mode = oneOf<AssessmentMode>(values.mode, ["full", "quick"], "mode", "full");
  const language = oneOf<Language>(values.lang, LANGUAGES, "lang", "zh-CN");
  if (values.formulas === "addin") throw new UsageError(ADDIN_REFUSED);
  const formulaStyle = oneOf<FormulaStyle>(values.formulas, ["portable"], "formulas", "portable");
  const force = values.force === true;
  const pack = loadModel(values.model as string | undefined);
  const districts = [
    ...((values.district as string[] | undefined) ?? []),
    ...readDistricts(values.districts as string | undefined),
  ];
  const date = new Date().toISOString().slice(0, 10);

  if (districts.length <= 1) {
    const target = resolve((values.out as string | undefined) ?? "ctmm-assessment.xlsx");
    refuseOverwrite(target, force);
    const { plan } = planWorkbook(pack, { language, mode, formulaStyle, districts, date });
    writeOutput(target, writeXlsx(plan));
    out.stdout(target);
    return EXIT.ok;
  }
  const given = values.out as string | undefined;
  if (given !== undefined && /\.xlsx$/i.test(given))
    throw new UsageError(
      `${given}: with ${districts.length} districts --out must be a folder (one workbook per district), not an .xlsx file`,
    );
  const folder = resolve(given ?? "ctmm-assessments");
  if (existsSync(folder) && !statSync(folder).isDirectory()) {
    throw new UsageError(
      `${folder}: with several districts --out must be a folder, and this is a file`,
    );
  }
  const used = new Set<string>();
  const targets = districts.map((district) => {
    let name = safeFileName(district);
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${safeFileName(district)} (${n})`;
    used.add(name.toLowerCase());
    return { district, target: join(folder, `${name}.xlsx`) };
  });
  // Every target is checked before anything is written: all or nothing.
  for (const { target } of targets) refuseOverwrite(target, force);
  mkdirSync(folder, { recursive: true });
  for (const { district, target } of targets) {
    const { plan } = planWorkbook(pack, {
      language,
      mode,
      formulaStyle,
      districts: [district],
      date,
    });
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

/** Names Windows reserves for devices, whatever the extension (CON.xlsx is the console too). */
const WINDOWS_DEVICES = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i;

/**
 * A district's name as a file name that Windows, macOS and Linux all accept: reserved and control
 * characters become "_", leading and trailing dots and spaces go, device names (CON, NUL, COM1,
 * LPT1, …) get a "_" in front, and the result is at most 100 characters.
 *
 * @example
 * safeFileName('a<b>:"c"'); // "a_b___c_"
 * safeFileName("NUL");       // "_NUL"
 */
export function safeFileName(name: string): string {
  const cleaned = [...name]
    .map((c) => (c < " " || c === "\u007F" || '<>:"/\\|?*'.includes(c) ? "_" : c))
    .join("")
    .replace(/^[.\s]+|[.\s]+$/g, "");
  const short = [...cleaned]
    .slice(0, 100)
    .join("")
    .replace(/[.\s]+$/, "");
  if (short === "") return "district";
  return WINDOWS_DEVICES.test(short) ? `_${short}` : short;
}

// ---------------------------------------------------------------------------------------------
// score

async function score(
  args: readonly string[],
  out: CliOutput,
  env: Record<string, string | undefined>,
): Promise<number> {
  const { values, positionals } = parse(args, {
    json: { type: "boolean" },
    lang: { type: "string" },
    model: { type: "string" },
  });
  if (positionals.length === 0) throw new UsageError("score needs at least one .xlsx file");
  const languages = new BatchLanguage(langOption(values.lang), environmentLanguage(env));
  const pack = loadModel(values.model as string | undefined);
  const json = values.json ? new JsonArrayWriter(out) : null;
  let problems = 0;
  for (const { file, repeatOf } of withRepeats(positionals)) {
    await breathe();
    if (repeatOf !== null) {
      out.stderr(
        `${cleanText(file)}: ${words(languages.forFile(null)).duplicate(cleanText(repeatOf))}`,
      );
      continue;
    }
    const unreadable = (problem: FileProblem) => {
      const language = languages.forFile(null);
      const text = describeProblem(problem, language);
      out.stderr(`${cleanText(file)}: ${text}`);
      json?.push({ file: cleanText(file), sheet: null, status: "unreadable", problem: text });
      problems++;
    };
    const scoreFile = () => {
      const opened = openReturn(file);
      if (!opened.ok) {
        unreadable(opened.problem);
        return;
      }
      const grid = opened.grid;
      const names = listAssessmentSheets(grid);
      if (names.length === 0) {
        unreadable({ code: "NOT_ASSESSMENT" });
        return;
      }
      const language = languages.forFile(workbookLanguage(grid));
      const w = words(language);
      const findings = safeValidate(grid, pack);
      for (const name of names) {
        const errors = findings.filter((f) => f.sheet === name && f.severity === "error").length;
        const warnings = findings.filter(
          (f) => f.sheet === name && f.severity === "warning",
        ).length;
        let scored: ScoredSheet;
        try {
          scored = scoreSheet(grid, name, pack);
        } catch (error) {
          if (!(error instanceof UnscorableSheet)) throw error;
          const text = w.unscored(error.text[language]);
          out.stderr(`${cleanText(file)}: ${w.sheet(cleanText(name))}: ${text}`);
          json?.push({
            file: cleanText(file),
            sheet: cleanText(name),
            status: "unreadable",
            problem: text,
          });
          problems++;
          continue;
        }
        for (const skipped of scored.skipped)
          out.stderr(
            `${cleanText(file)}: ${w.sheet(cleanText(name))}: ${w.skipped(skipped.cell, skipped.itemId, cleanText(skipped.text))}`,
          );
        const status = errors > 0 || scored.skipped.length > 0 ? "findings" : "ok";
        if (status !== "ok") problems++;
        const sheetLanguage = languages.forFile(scored.read.metadata?.language ?? language);
        if (json) json.push(scoreJson(file, scored, pack, sheetLanguage, status, errors, warnings));
        else out.stdout(scoreText(file, scored, sheetLanguage));
      }
    };
    try {
      scoreFile();
    } catch (error) {
      // Whatever a strange file trips over, the batch goes on.
      unreadable({ code: "OTHER", detail: (error as Error).message });
    }
  }
  json?.end();
  return problems > 0 ? EXIT.findings : EXIT.ok;
}

/** Findings for a status; a validator that trips over a strange file must not stop the batch. */
function safeValidate(grid: WorkbookGrid, pack: ModelPack): Finding[] {
  try {
    return validateWorkbook(grid, pack);
  } catch {
    return [];
  }
}

const levelJson = (r: LevelResult | null) => ({
  level: r?.level ?? null,
  score: r ? round6(r.score) : null,
  levelScores: r ? r.levelScores.map(round6) : null,
});

function aggregateJson(aggregate: AggregateResult, language: Language) {
  return {
    id: aggregate.id,
    name: cleanText(aggregate.name[language]),
    ...levelJson(aggregate.result),
  };
}

function scoreJson(
  file: string,
  { read, result }: ScoredSheet,
  pack: ModelPack,
  language: Language,
  status: "ok" | "findings",
  errors: number,
  warnings: number,
) {
  return {
    file: cleanText(file),
    sheet: cleanText(read.sheet),
    district: cleanText(read.district),
    status,
    errors,
    warnings,
    model: { id: pack.id, version: pack.version },
    mode: result.mode,
    overall: levelJson(result.overall.result),
    domains: result.domains.map((d) => aggregateJson(d, language)),
    subdomains: result.subdomains.map((s) => aggregateJson(s, language)),
    items: result.items.map((i) => ({
      id: i.id,
      level: i.result?.level ?? null,
      applicable: i.applicable,
    })),
  };
}

function scoreText(file: string, { read, result }: ScoredSheet, language: Language): string {
  const w = words(language);
  const show = (a: AggregateResult) =>
    a.result ? w.levelScore(a.result.level, a.result.score.toFixed(2)) : w.na;
  const lines = [
    `${cleanText(file)} — ${cleanText(read.sheet)}${read.district ? ` (${cleanText(read.district)})` : ""}`,
    `  ${w.overall}: ${show(result.overall)}`,
  ];
  for (const d of result.domains) lines.push(`  ${d.id} ${d.name[language]}: ${show(d)}`);
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------
// validate

async function validate(
  args: readonly string[],
  out: CliOutput,
  env: Record<string, string | undefined>,
): Promise<number> {
  const { values, positionals } = parse(args, {
    json: { type: "boolean" },
    lang: { type: "string" },
    model: { type: "string" },
  });
  if (positionals.length === 0) throw new UsageError("validate needs at least one .xlsx file");
  const languages = new BatchLanguage(langOption(values.lang), environmentLanguage(env));
  const pack = loadModel(values.model as string | undefined);
  const json = values.json ? new JsonArrayWriter(out) : null;
  let errors = 0;
  let warnings = 0;
  for (const { file, repeatOf } of withRepeats(positionals)) {
    await breathe();
    const name = cleanText(file);
    if (repeatOf !== null) {
      const text = `${name}: ${words(languages.forFile(null)).duplicate(cleanText(repeatOf))}`;
      if (json) out.stderr(text);
      else out.stdout(text);
      continue;
    }
    const unreadable = (problem: FileProblem) => {
      const w = words(languages.forFile(null));
      const text = describeProblem(problem, languages.forFile(null));
      errors++;
      if (json)
        json.push({
          file: name,
          code: "FILE_UNREADABLE",
          severity: "error",
          sheet: null,
          cell: null,
          message: text,
        });
      else out.stdout(`${name}: ${w.error} FILE_UNREADABLE: ${text}`);
    };
    const opened = openReturn(file);
    if (!opened.ok) {
      unreadable(opened.problem);
      continue;
    }
    if (listAssessmentSheets(opened.grid).length === 0) {
      unreadable({ code: "NOT_ASSESSMENT" });
      continue;
    }
    const language = languages.forFile(workbookLanguage(opened.grid));
    const w = words(language);
    let findings: Finding[];
    try {
      findings = validateWorkbook(opened.grid, pack);
    } catch (error) {
      // Whatever a strange file trips over, the batch goes on.
      unreadable({ code: "OTHER", detail: (error as Error).message });
      continue;
    }
    let fileErrors = 0;
    for (const f of findings) {
      if (f.severity === "error") fileErrors++;
      const message = cleanText(f.message[language]);
      if (json)
        json.push({
          file: name,
          code: f.code,
          severity: f.severity,
          sheet: cleanText(f.sheet),
          cell: f.cell,
          message,
        });
      else
        out.stdout(
          `${name}: ${cleanText(f.sheet)}${f.cell ? `!${f.cell}` : ""}: ${f.severity === "error" ? w.error : w.warning} ${f.code}: ${message}`,
        );
    }
    errors += fileErrors;
    warnings += findings.length - fileErrors;
    if (!json) out.stdout(`${name}: ${w.totals(fileErrors, findings.length - fileErrors)}`);
  }
  if (json) json.end();
  else out.stdout(words(languages.batch).totals(errors, warnings));
  return errors > 0 ? EXIT.findings : EXIT.ok;
}

// ---------------------------------------------------------------------------------------------
// upgrade

function upgrade(
  args: readonly string[],
  out: CliOutput,
  env: Record<string, string | undefined>,
): number {
  const { values, positionals } = parse(args, {
    out: { type: "string" },
    model: { type: "string" },
    lang: { type: "string" },
    force: { type: "boolean" },
  });
  if (positionals.length !== 1) throw new UsageError("upgrade needs exactly one .xlsx file");
  if (values.out === undefined) throw new UsageError("upgrade needs --out NEW.xlsx");
  const file = positionals[0]!;
  const target = resolve(values.out as string);
  if (target === resolve(file) || fileIdentity(file)?.key === fileIdentity(target)?.key)
    throw new UsageError(`${file}: --out must be a new file; the input is never modified`);
  refuseOverwrite(target, values.force === true);
  const pack = loadModel(values.model as string | undefined);
  const opened = openReturn(file);
  if (!opened.ok)
    throw new UsageError(
      `${file}: ${describeProblem(opened.problem, langOption(values.lang) ?? environmentLanguage(env))}`,
    );
  const grid = opened.grid;
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
  const messages = langOption(values.lang) ?? language;
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
  const w = words(messages);
  if (sheets.some((s) => s.metadata?.formulaStyle === "addin"))
    out.stderr(`${cleanText(file)}: ${w.addinConverted}`);
  for (const { sheet, itemId } of dropped)
    out.stderr(`${cleanText(file)}: ${w.dropped(cleanText(sheet), itemId, describePack(pack))}`);
  const formulas = ratingFormulas(grid, names, pack);
  for (const f of formulas)
    out.stderr(
      `${cleanText(file)}: ${words(messages).sheet(cleanText(f.sheet))}: ${words(messages).ratingFormula(f.cell, cleanText(f.formula).slice(0, 60))}`,
    );
  out.stdout(target);
  return formulas.length > 0 ? EXIT.findings : EXIT.ok;
}

/**
 * Rating cells that hold a formula: validation's RATING_FORMULA findings where validation has
 * that check, else the formula cells inside each sheet's CTMM_Ratings.
 */
function ratingFormulas(
  grid: WorkbookGrid,
  sheets: readonly string[],
  pack: ModelPack,
): { sheet: string; cell: string; formula: string }[] {
  const formulaAt = (sheet: string, cell: string) => {
    const found = grid.sheets.find((s) => s.name === sheet);
    for (const [key, value] of found?.cells ?? []) {
      const [row, column] = key.split(",").map(Number) as [number, number];
      if (address(row, column) === cell) return value.formula ?? "";
    }
    return "";
  };
  if ("RATING_FORMULA" in FINDING_CODES) {
    return safeValidate(grid, pack)
      .filter((f) => (f.code as string) === "RATING_FORMULA")
      .map((f) => ({
        sheet: f.sheet,
        cell: f.cell ?? "",
        formula: formulaAt(f.sheet, f.cell ?? ""),
      }));
  }
  const found: { sheet: string; cell: string; formula: string }[] = [];
  for (const name of sheets) {
    const target = findName(grid, name, SHEET_NAMES.ratings)?.target;
    const sheet = grid.sheets.find((s) => s.name === name);
    if (!target || !sheet || target.sheet !== name) continue;
    for (let row = target.top; row <= target.bottom; row++)
      for (let column = target.left; column <= target.right; column++) {
        const formula = sheet.cells.get(cellKey(row, column))?.formula;
        if (formula !== undefined) found.push({ sheet: name, cell: address(row, column), formula });
      }
  }
  return found;
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
    force: { type: "boolean" },
  });
  if (positionals.length === 0) throw new UsageError("consolidate needs at least one .xlsx file");
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
  const languages = new BatchLanguage(langOption(values.lang), environmentLanguage(env));
  const modelFile = (values.model as string | undefined) ?? null;
  const pack = loadModel(modelFile ?? undefined);

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

// ---------------------------------------------------------------------------------------------
// review

async function review(
  args: readonly string[],
  out: CliOutput,
  env: Record<string, string | undefined>,
): Promise<number> {
  const { values, positionals } = parse(args, {
    out: { type: "string" },
    lang: { type: "string" },
    model: { type: "string" },
    force: { type: "boolean" },
  });
  if (positionals.length === 0) throw new UsageError("review needs at least one .xlsx file");
  if (values.out === undefined) throw new UsageError("review needs --out REVIEW.xlsx");
  const target = resolve(values.out as string);
  refuseInputsAsOutputs(positionals, [target], "--out must be a new file");
  refuseOverwrite(target, values.force === true);
  const languages = new BatchLanguage(langOption(values.lang), environmentLanguage(env));
  const pack = loadModel(values.model as string | undefined);

  const returns: ReviewReturn[] = [];
  const excluded: ExcludedReturn[] = [];
  const both = (text: (language: Language) => string) => ({
    "zh-CN": text("zh-CN"),
    "en-US": text("en-US"),
  });
  for (const { file, repeatOf } of withRepeats(positionals)) {
    await breathe();
    if (repeatOf !== null) {
      out.stderr(
        `${cleanText(file)}: ${words(languages.forFile(null)).duplicate(cleanText(repeatOf))}`,
      );
      continue;
    }
    const opened = openReturn(file);
    let found: { returns: ReviewReturn[]; excluded: ExcludedReturn[] };
    let language = languages.forFile(null);
    if (!opened.ok) {
      const problem = opened.problem;
      found = {
        returns: [],
        excluded: [{ file, sheet: "", reason: both((l) => describeProblem(problem, l)) }],
      };
    } else if (listAssessmentSheets(opened.grid).length === 0) {
      found = {
        returns: [],
        excluded: [
          { file, sheet: "", reason: both((l) => describeProblem({ code: "NOT_ASSESSMENT" }, l)) },
        ],
      };
    } else {
      language = languages.forFile(workbookLanguage(opened.grid));
      try {
        found = reviewCandidates(file, opened.grid, pack);
      } catch (error) {
        const detail = (error as Error).message;
        found = {
          returns: [],
          excluded: [{ file, sheet: "", reason: both((l) => words(l).unscored(detail)) }],
        };
      }
    }
    returns.push(...found.returns);
    excluded.push(...found.excluded);
    for (const e of found.excluded)
      out.stderr(
        `${cleanText(file)}${e.sheet ? `: ${words(language).sheet(cleanText(e.sheet))}` : ""}: ${e.reason[language]}`,
      );
  }
  const planned = planReviewWorkbook(pack, returns, excluded, languages.batch);
  writeOutput(target, writeXlsx(planned.plan));
  out.stdout(target);
  return excluded.length > 0 ? EXIT.findings : EXIT.ok;
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

/** A small input (model pack, list of districts): a regular file, read whole, or exit 2. */
function readInput(file: string): Uint8Array {
  const read = readRegularFile(file);
  if (!read.ok) throw new UsageError(`${file}: ${describeProblem(read.problem, "en-US")}`);
  return read.bytes;
}

/** SPEC §7: no command overwrites an existing file without --force. */
/** An input given as an output too (by path, or the same file by another path) is refused. */
function refuseInputsAsOutputs(
  inputs: readonly string[],
  outputs: readonly string[],
  why: string,
): void {
  const identities = outputs.map((t) => fileIdentity(t)?.key ?? t);
  for (const file of inputs)
    if (
      outputs.includes(resolve(file)) ||
      (existsSync(file) && identities.includes(fileIdentity(file)?.key ?? ""))
    )
      throw new UsageError(`${file}: is an input; ${why}`);
}

function refuseOverwrite(target: string, force: boolean): void {
  if (!force && existsSync(target))
    throw new UsageError(`${target}: already exists; use --force to overwrite it`);
}

/** Writes through a temporary file, so that a failure never leaves half a workbook behind. */
/** As `writeOutput`, the bytes handed over in chunks by `produce`. */
function writeOutputStream(
  target: string,
  produce: (write: (chunk: Uint8Array) => void) => void,
): void {
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  let fd: number | null = null;
  try {
    mkdirSync(dirname(target), { recursive: true });
    fd = openSync(temporary, "w");
    const into = fd;
    produce((chunk) => {
      for (let at = 0; at < chunk.length;) at += writeSync(into, chunk, at);
    });
    closeSync(fd);
    fd = null;
    renameSync(temporary, target);
  } catch (error) {
    if (fd !== null) closeSync(fd);
    rmSync(temporary, { force: true });
    if (error instanceof XlsxError) throw error;
    throw new UsageError(`${target}: cannot write (${(error as Error).message})`);
  }
}

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
