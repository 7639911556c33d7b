// `ctmm score`: levels and scores computed by the engine from the rating cells.
import type { AggregateResult, Language, LevelResult, ModelPack } from "../../model";
import { listAssessmentSheets } from "../../sheet/readAssessment";
import { cleanText, describeProblem, round6, words } from "../messages";
import type { FileProblem } from "../readReturn";
import { openReturn } from "../readReturn";
import type { ScoredSheet } from "../../sheet/scoreSheet";
import { scoreSheet, UnscorableSheet } from "../../sheet/scoreSheet";
import type { CliOutput } from "../support";
import {
  EXIT,
  workbookLanguage,
  breathe,
  withRepeats,
  JsonArrayWriter,
  openBatch,
  safeValidate,
} from "../support";

export async function score(
  args: readonly string[],
  out: CliOutput,
  env: Record<string, string | undefined>,
): Promise<number> {
  const { values, positionals, languages, loadPack } = openBatch("score", args, env, {
    json: { type: "boolean" },
  });
  const pack = loadPack();
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
