// `ctmm review`: the review meeting's workbook from the valid returns.
import { resolve } from "node:path";
import type { Language } from "../../model";
import type { ExcludedReturn, ReviewReturn } from "../../sheet/planReview";
import { planReviewWorkbook, reviewCandidates } from "../../sheet/planReview";
import { listAssessmentSheets } from "../../sheet/readAssessment";
import { withCachedValues } from "../../sheet/cachedValues";
import { writeXlsx } from "../../xlsx";
import { cleanText, describeProblem, words } from "../messages";
import { openReturn } from "../readReturn";
import type { CliOutput } from "../support";
import {
  EXIT,
  UsageError,
  workbookLanguage,
  breathe,
  withRepeats,
  openBatch,
  refuseInputsAsOutputs,
  refuseOverwrite,
  writeOutput,
} from "../support";

export async function review(
  args: readonly string[],
  out: CliOutput,
  env: Record<string, string | undefined>,
): Promise<number> {
  const { values, positionals, languages, loadPack } = openBatch("review", args, env, {
    out: { type: "string" },
    force: { type: "boolean" },
  });
  if (values.out === undefined) throw new UsageError("review needs --out REVIEW.xlsx");
  const target = resolve(values.out as string);
  refuseInputsAsOutputs(positionals, [target], "--out must be a new file");
  refuseOverwrite(target, values.force === true);
  const pack = loadPack();

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
  writeOutput(target, writeXlsx(withCachedValues(planned.plan, pack)));
  out.stdout(target);
  return excluded.length > 0 ? EXIT.findings : EXIT.ok;
}
