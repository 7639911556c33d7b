// What every `ctmm` command shares: output, exit codes, argument parsing, languages, batches of
// files, and reading and writing files safely.
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { ParseArgsConfig } from "node:util";
import { parseArgs } from "node:util";
import type { Language, ModelPack } from "../model";
import { BUILTIN_PACK, loadPack, PackError } from "../model";
import type { WorkbookGrid } from "../sheet/grid";
import { readMetadata } from "../sheet/readAssessment";
import type { Finding } from "../sheet/validateWorkbook";
import { validateWorkbook } from "../sheet/validateWorkbook";
import { XlsxError } from "../xlsx";
import { describeProblem } from "./messages";
import { fileIdentity, readRegularFile } from "./readReturn";

/** Where the CLI writes: injected so tests run it in-process. */
export interface CliOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Options of `runCli` that only the process wiring sets. */
export interface CliOptions {
  /** The bundled script, for `consolidate`'s worker threads; absent in-process (tests). */
  readonly workerScript?: string;
}

/** Exit codes of SPEC §7. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** A problem with the arguments or an input file: reported in one line, exit code 2. */
export class UsageError extends Error {}

export function parse(args: readonly string[], options: NonNullable<ParseArgsConfig["options"]>) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * How every batch command starts: its options parsed, with --lang and --model besides; at least
 * one file; the batch's languages. The model pack is loaded when the command asks (after its own
 * checks of the arguments).
 */
export function openBatch(
  command: string,
  args: readonly string[],
  env: Record<string, string | undefined>,
  options: NonNullable<ParseArgsConfig["options"]>,
) {
  const { values, positionals } = parse(args, {
    ...options,
    lang: { type: "string" },
    model: { type: "string" },
  });
  if (positionals.length === 0) throw new UsageError(`${command} needs at least one .xlsx file`);
  const modelFile = (values.model as string | undefined) ?? null;
  return {
    values,
    positionals,
    languages: new BatchLanguage(langOption(values.lang), environmentLanguage(env)),
    modelFile,
    loadPack: () => loadModel(modelFile ?? undefined),
  };
}

export function oneOf<T extends string>(
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

export const LANGUAGES: readonly Language[] = ["zh-CN", "en-US"];

/** `--lang` if given (checked), else null: each workbook's own language then applies. */
export function langOption(value: unknown): Language | null {
  return value === undefined ? null : oneOf<Language>(value, LANGUAGES, "lang", "en-US");
}

/** The language of the user's environment, for messages about files that have none of their own. */
export function environmentLanguage(env: Record<string, string | undefined>): Language {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return /^zh/i.test(locale) ? "zh-CN" : "en-US";
}

/** The workbook's language, from its first assessment sheet's metadata. */
export function workbookLanguage(grid: WorkbookGrid): Language | null {
  for (const metadata of readMetadata(grid).values()) return metadata.language;
  return null;
}

/**
 * The language for words about the whole batch (totals, the summary workbook): `--lang`, else
 * the one language every readable workbook shares, else the environment's.
 */
export class BatchLanguage {
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
export const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The files of a batch in order, each with the earlier mention of the same file (same device and
 * inode, or same real path) if it is a repeat.
 */
export function withRepeats(files: readonly string[]): { file: string; repeatOf: string | null }[] {
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
export class JsonArrayWriter {
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

/** Findings for a status; a validator that trips over a strange file must not stop the batch. */
export function safeValidate(grid: WorkbookGrid, pack: ModelPack): Finding[] {
  try {
    return validateWorkbook(grid, pack);
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Files

export function loadModel(file: string | undefined): ModelPack {
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
export function readInput(file: string): Uint8Array {
  const read = readRegularFile(file);
  if (!read.ok) throw new UsageError(`${file}: ${describeProblem(read.problem, "en-US")}`);
  return read.bytes;
}

/** An input given as an output too (by path, or the same file by another path) is refused. */
export function refuseInputsAsOutputs(
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

/** SPEC §7: no command overwrites an existing file without --force. */
export function refuseOverwrite(target: string, force: boolean): void {
  if (!force && existsSync(target))
    throw new UsageError(`${target}: already exists; use --force to overwrite it`);
}

/**
 * Writes a file through a temporary one, handed over in chunks by `produce`, so that a failure
 * never leaves half a workbook behind.
 */
export function writeOutputStream(
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

/** `writeOutputStream` for bytes made whole. */
export function writeOutput(target: string, bytes: Uint8Array): void {
  writeOutputStream(target, (write) => write(bytes));
}
