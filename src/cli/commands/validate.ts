// `ctmm validate`: the findings of SPEC §8, file by file.
import { listAssessmentSheets } from "../../sheet/readAssessment";
import type { Finding } from "../../sheet/validateWorkbook";
import { validateWorkbook } from "../../sheet/validateWorkbook";
import { cleanText, describeProblem, words } from "../messages";
import type { FileProblem } from "../readReturn";
import { openReturn } from "../readReturn";
import type { CliOutput } from "../support";
import {
  EXIT,
  workbookLanguage,
  breathe,
  withRepeats,
  JsonArrayWriter,
  openBatch,
} from "../support";

export async function validate(
  args: readonly string[],
  out: CliOutput,
  env: Record<string, string | undefined>,
): Promise<number> {
  const { values, positionals, languages, loadPack } = openBatch("validate", args, env, {
    json: { type: "boolean" },
  });
  const pack = loadPack();
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
