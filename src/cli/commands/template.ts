// `ctmm template`: assessment workbooks from the model, one per district or one for all.
import { existsSync, mkdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Language, AssessmentMode } from "../../model";
import type { FormulaStyle } from "../../sheet/contract";
import { planWorkbook } from "../../sheet/planWorkbook";
import { withCachedValues } from "../../sheet/cachedValues";
import { writeXlsx } from "../../xlsx";
import type { CliOutput } from "../support";
import {
  EXIT,
  UsageError,
  parse,
  oneOf,
  loadModel,
  readInput,
  refuseOverwrite,
  writeOutput,
  LANGUAGES,
} from "../support";

// Excel stores an add-in function in a file as _xldudf_CTMM_… with a web-extension part; a file
// written here with plain CTMM.LEVEL(…) text is reported to stay #NAME? after the add-in loads
// (office-js issues 6611 and 6395), and a protected sheet leaves no way to re-enter the formulas.
// So files written outside Excel use portable formulas only.
const ADDIN_REFUSED =
  "--formulas addin is not available here: Excel recognises CTMM.* formulas only when it writes " +
  "them itself (a file made here would show #NAME?); use Generate in the add-in's task pane";

export function template(args: readonly string[], out: CliOutput): number {
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
    writeOutput(target, writeXlsx(withCachedValues(plan, pack)));
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
    writeOutput(target, writeXlsx(withCachedValues(plan, pack)));
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
