import type { Stats } from "node:fs";
import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readSync,
  realpathSync,
  statSync,
} from "node:fs";
import { resolve } from "node:path";
import type { WorkbookGrid } from "../sheet/grid";
import { readXlsx, XlsxError } from "../xlsx";
import { nodeInflateRaw } from "./nodeInflate";

/** Limits on one returned file: bytes on disk, and wall-clock time to read it. */
export interface ReturnLimits {
  readonly maxFileBytes: number;
  readonly seconds: number;
}

export const RETURN_LIMITS: ReturnLimits = { maxFileBytes: 50 * 1024 * 1024, seconds: 30 };

/**
 * Why a file given to a batch command was not read. The CLI words it in the user's language
 * (`describeProblem` in messages.ts); `detail` is the reader's own English text, if any.
 */
export type FileProblem =
  | { readonly code: "MISSING" }
  | { readonly code: "DENIED" }
  | { readonly code: "FOLDER" }
  | { readonly code: "NOT_REGULAR"; readonly kind: "fifo" | "device" | "socket" | "other" }
  | { readonly code: "TOO_BIG"; readonly bytes: number; readonly limit: number }
  | { readonly code: "TIMEOUT"; readonly seconds: number }
  | {
      readonly code: "XLSX";
      readonly xlsx: string;
      readonly detail: string;
      readonly params?: Readonly<Record<string, string | number>>;
    }
  | { readonly code: "NOT_ASSESSMENT" }
  | { readonly code: "OTHER"; readonly detail: string };

/** What a file is on disk, for telling the same file given twice (by any path). */
export interface FileIdentity {
  readonly key: string;
}

export type OpenedReturn =
  | { readonly ok: true; readonly grid: WorkbookGrid }
  | { readonly ok: false; readonly problem: FileProblem };

/**
 * The identity of a path: device and inode when the system has them, else the resolved real path.
 * A path that cannot be statted has no identity (it is reported when it is read).
 */
export function fileIdentity(file: string): FileIdentity | null {
  try {
    const stats = statSync(file);
    if (stats.ino !== 0) return { key: `${stats.dev}:${stats.ino}` };
    return { key: realpathSync(file) };
  } catch {
    try {
      return { key: resolve(file) };
    } catch {
      return null;
    }
  }
}

function typeProblem(stats: Stats): FileProblem | null {
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return { code: "FOLDER" };
  return {
    code: "NOT_REGULAR",
    kind: stats.isFIFO()
      ? "fifo"
      : stats.isCharacterDevice() || stats.isBlockDevice()
        ? "device"
        : stats.isSocket()
          ? "socket"
          : "other",
  };
}

function errnoProblem(error: unknown): FileProblem {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR" || code === "ELOOP") return { code: "MISSING" };
  if (code === "EACCES" || code === "EPERM") return { code: "DENIED" };
  if (code === "EISDIR") return { code: "FOLDER" };
  return { code: "OTHER", detail: (error as Error).message };
}

/**
 * Reads a file's bytes only if it is a regular file within the size limit. The type is checked
 * before opening (stat follows links, so a link to /dev/zero is a device) and again on the open
 * descriptor (opened non-blocking, so a FIFO swapped in meanwhile cannot hang the open); then at
 * most `maxFileBytes` bytes are read, whatever the file grows to.
 */
export function readRegularFile(
  file: string,
  limits: ReturnLimits = RETURN_LIMITS,
): { ok: true; bytes: Uint8Array } | { ok: false; problem: FileProblem } {
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch (error) {
    return { ok: false, problem: errnoProblem(error) };
  }
  const before = typeProblem(stats);
  if (before) return { ok: false, problem: before };
  if (stats.size > limits.maxFileBytes)
    return {
      ok: false,
      problem: { code: "TOO_BIG", bytes: stats.size, limit: limits.maxFileBytes },
    };
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { ok: false, problem: errnoProblem(error) };
  }
  try {
    const opened = fstatSync(fd);
    const after = typeProblem(opened);
    if (after) return { ok: false, problem: after };
    const size = Math.min(opened.size, limits.maxFileBytes + 1);
    const bytes = new Uint8Array(size);
    let offset = 0;
    while (offset < size) {
      const read = readSync(fd, bytes, offset, size - offset, offset);
      if (read === 0) break;
      offset += read;
    }
    if (offset > limits.maxFileBytes)
      return {
        ok: false,
        problem: { code: "TOO_BIG", bytes: opened.size, limit: limits.maxFileBytes },
      };
    return { ok: true, bytes: offset === size ? bytes : bytes.subarray(0, offset) };
  } catch (error) {
    return { ok: false, problem: errnoProblem(error) };
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens one returned workbook for a batch command: a regular file within the size limit, read
 * into a grid within the time budget. Never throws for a bad file: it says why instead.
 */
export function openReturn(file: string, limits: ReturnLimits = RETURN_LIMITS): OpenedReturn {
  const read = readRegularFile(file, limits);
  if (!read.ok) return read;
  const started = Date.now();
  try {
    // The reader holds every part, cell and string to its own limits (LIMIT, TOO_LARGE).
    const grid = readXlsx(read.bytes, {
      deadline: started + limits.seconds * 1000,
      inflateRaw: nodeInflateRaw,
    });
    return { ok: true, grid };
  } catch (error) {
    if (error instanceof XlsxError) {
      if ((error.code as string) === "TIMEOUT")
        return { ok: false, problem: { code: "TIMEOUT", seconds: limits.seconds } };
      const params = (error as { params?: Readonly<Record<string, string | number>> }).params;
      return {
        ok: false,
        problem: {
          code: "XLSX",
          xlsx: error.code,
          detail: error.message,
          ...(params ? { params } : {}),
        },
      };
    }
    if (error instanceof RangeError)
      // Out of memory for a string or array: too large to read, whatever the limits said.
      return { ok: false, problem: { code: "XLSX", xlsx: "LIMIT", detail: error.message } };
    return { ok: false, problem: { code: "OTHER", detail: (error as Error).message } };
  }
}
