import { spawn, spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * Headless LibreOffice Calc as a real spreadsheet engine for tests (SPEC §9): it opens our
 * workbooks, recalculates every formula and saves the cached values, so tests can read them back.
 *
 * Each call starts one soffice process with a fresh user profile of its own (parallel jest workers
 * do not collide) in which "recalculation on file load" is set to "always" for Excel and ODF files.
 * Start-up costs a few seconds, so convert many files in one call with `recalculateMany`.
 */

export interface LibreOfficeOptions {
  /** Give up after this many milliseconds. Default: 60 s plus 5 s per file. */
  readonly timeoutMs?: number;
}

/** An export filter of LibreOffice's --convert-to, and the extension of the file it writes. */
export interface ConversionTarget {
  readonly extension: string;
  readonly filter: string;
}

export const XLSX_TARGET: ConversionTarget = {
  extension: "xlsx",
  filter: "Calc MS Excel 2007 XML",
};

/** UTF-8 CSV of every sheet, one file per sheet (LibreOffice 7.2+): `<name>-<Sheet>.csv`. */
export const CSV_TARGET: ConversionTarget = {
  extension: "csv",
  // Separator ',', quote '"', UTF-8 (76), start row 1, no column formats, …, all sheets (-1).
  filter: "Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
};

export const PDF_TARGET: ConversionTarget = { extension: "pdf", filter: "calc_pdf_Export" };

/** The soffice executable: $SOFFICE if set, else the first of soffice/libreoffice on PATH. */
export function findSoffice(): string | null {
  const fromEnv = process.env["SOFFICE"];
  if (fromEnv) return fromEnv;
  for (const dir of (process.env["PATH"] ?? "").split(delimiter)) {
    for (const name of ["soffice", "libreoffice"]) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

/**
 * Opens the workbook in LibreOffice Calc, recalculates it and returns it saved as .xlsx with
 * LibreOffice's cached results.
 *
 * @example
 * const grid = readXlsx(await recalculate(writeXlsx(plan)));
 */
export async function recalculate(
  bytes: Uint8Array,
  options: LibreOfficeOptions = {},
): Promise<Uint8Array> {
  const [result] = await recalculateMany([bytes], options);
  return result!;
}

/** `recalculate` for many workbooks in one soffice run; results in the same order. */
export async function recalculateMany(
  files: readonly Uint8Array[],
  options: LibreOfficeOptions = {},
): Promise<Uint8Array[]> {
  const outputs = await convertWithLibreOffice(files, XLSX_TARGET, options);
  return outputs.map((output) => output.get("")!);
}

/**
 * Converts each file with LibreOffice. For every input, a map from the output's suffix ("" for
 * `<name>.<ext>`, "-Sheet1" for `<name>-Sheet1.<ext>` as the all-sheets CSV export writes) to the
 * bytes. Throws with LibreOffice's output when a file is not converted, or on time-out.
 */
export async function convertWithLibreOffice(
  files: readonly Uint8Array[],
  target: ConversionTarget,
  options: LibreOfficeOptions = {},
): Promise<Map<string, Uint8Array>[]> {
  if (files.length === 0) return [];
  const soffice = findSoffice();
  if (!soffice) throw new Error("LibreOffice (soffice) is not on PATH; install libreoffice-calc");

  const base = await mkdtemp(join(tmpdir(), "ctmm-lo-"));
  try {
    const inDir = join(base, "in");
    const outDir = join(base, "out");
    const profile = join(base, "profile");
    await mkdir(inDir);
    await mkdir(outDir);
    await mkdir(join(profile, "user"), { recursive: true });
    await writeFile(join(profile, "user", "registrymodifications.xcu"), PROFILE_SETTINGS);

    const names = files.map((_, i) => `book-${String(i).padStart(4, "0")}`);
    const inputs = names.map((name) => join(inDir, `${name}.xlsx`));
    await Promise.all(files.map((bytes, i) => writeFile(inputs[i]!, bytes)));

    const timeoutMs = options.timeoutMs ?? 60_000 + 5_000 * files.length;
    const log = await run(
      soffice,
      [
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--nodefault",
        "--nologo",
        `-env:UserInstallation=${pathToFileURL(profile).href}`,
        "--convert-to",
        `${target.extension}:${target.filter}`,
        "--outdir",
        outDir,
        ...inputs,
      ],
      timeoutMs,
      files.length,
    );

    const produced = await readdir(outDir);
    return await Promise.all(
      names.map(async (name) => {
        const result = new Map<string, Uint8Array>();
        for (const file of produced) {
          if (!file.startsWith(name) || !file.endsWith(`.${target.extension}`)) continue;
          const suffix = file.slice(name.length, -(target.extension.length + 1));
          result.set(suffix, new Uint8Array(await readFile(join(outDir, file))));
        }
        if (result.size === 0) {
          throw new Error(
            `LibreOffice did not convert ${name}.xlsx to ${target.extension}:\n${log}`,
          );
        }
        return result;
      }),
    );
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

/**
 * Renders the first page of a PDF (as LibreOffice prints a workbook) to a PNG file at `dpi`, with
 * poppler's pdftoppm (Debian: poppler-utils). Returns the PNG's bytes.
 *
 * @example
 * const [pdf] = await convertWithLibreOffice([bytes], PDF_TARGET);
 * await renderFirstPage(pdf!.get("")!, ".tmp/charts/radar.png");
 */
export async function renderFirstPage(
  pdf: Uint8Array,
  png: string,
  dpi = 60,
  /** The page to render, from 1; "last" for the last page. */
  page: number | "last" = 1,
): Promise<Uint8Array> {
  if (!png.endsWith(".png")) throw new Error(`${png}: the output must be a .png file`);
  const base = await mkdtemp(join(tmpdir(), "ctmm-pdf-"));
  try {
    const input = join(base, "page.pdf");
    await writeFile(input, pdf);
    // -singlefile: the name as given, without the page number pdftoppm adds otherwise.
    const number = page === "last" ? pdfPages(input) : page;
    const args = [
      "-png",
      "-r",
      String(dpi),
      "-f",
      `${number}`,
      "-l",
      `${number}`,
      "-singlefile",
      input,
    ];
    const result = spawnSync("pdftoppm", [...args, png.slice(0, -".png".length)], {
      encoding: "utf8",
      timeout: 60_000,
    });
    if (result.error)
      throw new Error(`Could not run pdftoppm (poppler-utils): ${result.error.message}`);
    if (result.status !== 0) throw new Error(`pdftoppm failed on ${png}:\n${result.stderr}`);
    return new Uint8Array(await readFile(png));
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

/** How many pages a PDF file has, from poppler's pdfinfo. */
export function pdfPages(file: string): number {
  const info = spawnSync("pdfinfo", [file], { encoding: "utf8", timeout: 60_000 });
  const pages = /^Pages:\s+(\d+)/m.exec(info.stdout ?? "")?.[1];
  if (!pages) throw new Error(`pdfinfo could not read ${file}: ${info.stderr ?? info.error}`);
  return Number(pages);
}

/** What LibreOffice shows of a workbook once a (hidden) view has it open. */
export interface LibreOfficeView {
  /** The active sheet's frozen pane, as rows and columns frozen (0 when none). */
  readonly frozenRows: number;
  readonly frozenColumns: number;
  readonly activeSheet: string;
  readonly sheets: readonly {
    readonly name: string;
    /** "RRGGBB", or null when the tab has no colour. */
    readonly tabColor: string | null;
    readonly visible: boolean;
    readonly protected: boolean;
  }[];
}

/**
 * Opens the workbook in a hidden LibreOffice window (through a Basic macro in a fresh profile) and
 * reports what only a view knows: frozen panes, the active sheet, tab colours. A headless
 * --convert-to has no view, so it drops these and cannot tell whether LibreOffice understood them.
 */
export async function inspectWithLibreOffice(
  bytes: Uint8Array,
  options: LibreOfficeOptions = {},
): Promise<LibreOfficeView> {
  const soffice = findSoffice();
  if (!soffice) throw new Error("LibreOffice (soffice) is not on PATH; install libreoffice-calc");
  const base = await mkdtemp(join(tmpdir(), "ctmm-lo-"));
  try {
    const profile = join(base, "profile");
    const input = join(base, "book.xlsx");
    const output = join(base, "view.txt");
    await writeFile(input, bytes);
    const timeoutMs = options.timeoutMs ?? 60_000;
    const profileArg = `-env:UserInstallation=${pathToFileURL(profile).href}`;
    // The first start lays out the profile, overwriting its Basic library; add the macro after.
    await run(
      soffice,
      ["--headless", "--norestore", "--terminate_after_init", profileArg],
      timeoutMs,
      1,
    );
    await writeFile(join(profile, "user", "basic", "Standard", "Module1.xba"), INSPECT_MACRO);
    const log = await run(
      soffice,
      [
        "--headless",
        "--norestore",
        "--nolockcheck",
        profileArg,
        `macro:///Standard.Module1.Inspect("${input}","${output}")`,
      ],
      timeoutMs,
      1,
    );
    let lines: string[];
    try {
      lines = (await readFile(output, "utf8")).split("\n").filter((line) => line !== "");
    } catch {
      throw new Error(`LibreOffice did not open the workbook:\n${log}`);
    }
    const [frozenRows, frozenColumns, activeSheet] = lines[0]!.split("\t");
    return {
      frozenRows: Number(frozenRows),
      frozenColumns: Number(frozenColumns),
      activeSheet: activeSheet!,
      sheets: lines.slice(1).map((line) => {
        const [name, color, visible, isProtected] = line.split("\t");
        const rgb = Number(color);
        return {
          name: name!,
          tabColor: rgb < 0 ? null : rgb.toString(16).toUpperCase().padStart(6, "0"),
          visible: visible === "True",
          protected: isProtected === "True",
        };
      }),
    };
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

/** Writes "frozenRows TAB frozenColumns TAB activeSheet", then one line per sheet. */
const INSPECT_MACRO = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub Inspect(inputPath As String, outputPath As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = &quot;Hidden&quot;
  args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(inputPath), &quot;_blank&quot;, 0, args())
  ctrl = doc.getCurrentController()
  t = Chr(9)
  s = ctrl.SplitRow &amp; t &amp; ctrl.SplitColumn &amp; t &amp; ctrl.ActiveSheet.Name
  If Not ctrl.hasFrozenPanes() Then s = &quot;0&quot; &amp; t &amp; &quot;0&quot; &amp; t &amp; ctrl.ActiveSheet.Name
  For i = 0 To doc.Sheets.Count - 1
    sh = doc.Sheets.getByIndex(i)
    s = s &amp; Chr(10) &amp; sh.Name &amp; t &amp; sh.TabColor &amp; t &amp; sh.IsVisible &amp; t &amp; sh.isProtected()
  Next i
  n = FreeFile
  Open outputPath For Output As #n
  Print #n, s
  Close #n
  doc.close(True)
End Sub
</script:module>
`;

/**
 * The fresh profile's settings: recalculate on load, always, for Excel 2007+ and ODF files
 * (0 = always, 1 = never, 2 = prompt), so cached values never come from the file.
 */
const PROFILE_SETTINGS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/** Runs soffice in its own process group, killing the whole group on time-out. */
function run(command: string, args: string[], timeoutMs: number, count: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
      reject(
        new Error(
          `LibreOffice did not finish converting ${count} file(s) within ${timeoutMs / 1000} s:\n${log}`,
        ),
      );
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`Could not start LibreOffice (${command}): ${error.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(log);
      else reject(new Error(`LibreOffice exited with ${code ?? signal}:\n${log}`));
    });
  });
}
