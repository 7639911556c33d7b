import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Gnumeric as the third spreadsheet engine for tests (SPEC §9): `ssconvert --recalc` opens our
 * workbook, recalculates every formula and saves it as .xlsx with Gnumeric's cached results.
 * Debian's package `gnumeric` provides ssconvert. A missing ssconvert fails the test, never skips it.
 *
 * @example
 * const grid = readXlsx(await recalculateWithGnumeric(writeXlsx(plan)));
 */
export async function recalculateWithGnumeric(
  bytes: Uint8Array,
  options: { readonly timeoutMs?: number } = {},
): Promise<Uint8Array> {
  const base = await mkdtemp(join(tmpdir(), "ctmm-gnumeric-"));
  try {
    const input = join(base, "in.xlsx");
    const output = join(base, "out.xlsx");
    await writeFile(input, bytes);
    await run(
      "ssconvert",
      ["--recalc", "--export-type=Gnumeric_Excel:xlsx2", input, output],
      options.timeoutMs ?? 120_000,
    );
    return new Uint8Array(await readFile(output));
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

/** `recalculateWithGnumeric` for many workbooks, two at a time; results in the same order. */
export async function recalculateManyWithGnumeric(
  files: readonly Uint8Array[],
): Promise<Uint8Array[]> {
  const results: Uint8Array[] = new Array(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      results[index] = await recalculateWithGnumeric(files[index]!);
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

function run(command: string, args: readonly string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${command} timed out after ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(
        new Error(
          `Could not run ${command} (Debian package gnumeric): ${error.message}. Install it; this test needs it.`,
        ),
      );
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} exited with ${code}:\n${log}`));
    });
  });
}
