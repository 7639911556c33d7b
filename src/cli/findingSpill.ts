import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { threadId } from "node:worker_threads";
import type { SummaryFinding } from "../sheet/planSummary";

/** Where one file's findings lie in a spill file: `bytes` bytes from `start`, `count` lines. */
export interface SpillSegment {
  readonly path: string;
  readonly start: number;
  readonly bytes: number;
  readonly count: number;
}

let writers = 0;

/** Appends findings, one JSON line each, to a file of its own (one per thread). */
export class SpillWriter {
  private readonly fd: number;
  private position = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, "wx");
  }

  /** A new writer of this thread in the spill directory `dir`. */
  static inDirectory(dir: string): SpillWriter {
    return new SpillWriter(join(dir, `thread-${threadId}-${++writers}.ndjson`));
  }

  append(findings: readonly SummaryFinding[]): SpillSegment {
    const bytes = Buffer.from(findings.map((f) => `${JSON.stringify(f)}\n`).join(""));
    for (let at = 0; at < bytes.length;) at += writeSync(this.fd, bytes, at);
    const segment = {
      path: this.path,
      start: this.position,
      bytes: bytes.length,
      count: findings.length,
    };
    this.position += bytes.length;
    return segment;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * A batch's findings, kept in temporary files as they come instead of in memory (worker threads
 * write their own), to be read back once, in input order, when the summary is written: memory
 * stays flat however many returns there are. `dispose` removes the files (call it in a finally).
 */
export class FindingSpill {
  readonly dir = mkdtempSync(join(tmpdir(), "ctmm-findings-"));
  private readonly segments: SpillSegment[] = [];
  private own: SpillWriter | null = null;
  count = 0;

  /** Findings already written by a worker. */
  add(segment: SpillSegment): void {
    if (segment.count === 0) return;
    this.segments.push(segment);
    this.count += segment.count;
  }

  /** Findings this thread holds. */
  append(findings: readonly SummaryFinding[]): void {
    if (findings.length === 0) return;
    this.own ??= SpillWriter.inDirectory(this.dir);
    this.add(this.own.append(findings));
  }

  /** The findings in the order they were added, read a file's worth at a time. */
  *read(): Generator<SummaryFinding> {
    const opened = new Map<string, number>();
    try {
      for (const { path, start, bytes } of this.segments) {
        let fd = opened.get(path);
        if (fd === undefined) opened.set(path, (fd = openSync(path, "r")));
        const block = Buffer.alloc(bytes);
        for (let at = 0; at < bytes;) {
          const read = readSync(fd, block, at, bytes - at, start + at);
          if (read === 0) throw new Error(`${path} ends early`);
          at += read;
        }
        for (const line of block.toString("utf8").split("\n"))
          if (line !== "") yield JSON.parse(line) as SummaryFinding;
      }
    } finally {
      for (const fd of opened.values()) closeSync(fd);
    }
  }

  dispose(): void {
    this.own?.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
