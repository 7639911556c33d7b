import {
  Badge,
  Button,
  Caption1,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
  useId,
} from "@fluentui/react-components";
import { useRef, useState } from "react";
import type { Language, Localized, ModelPack } from "../../model";
import { levelLabel, LANGUAGES } from "../../model";
import type { ConsolidatedFile } from "../../sheet/consolidate";
import { unreadableFile as unreadableConsolidation } from "../../sheet/consolidate";
import type { ReviewCandidates } from "../../sheet/planReview";
import { planReviewWorkbook } from "../../sheet/planReview";
import type { SummaryFinding, SummaryRow } from "../../sheet/planSummary";
import { planSummarySheets } from "../../sheet/planSummary";
import type { XlsxErrorCode } from "../../xlsx/errors";
import { checkInWorker } from "../checkReturn";
import type { Messages } from "../i18n";
import { MESSAGES } from "../i18n";
import type { PendingReplace, ScreenProps } from "../ui";
import { ConfirmReplace, Notice, Problem, ProgressNote, Stack, useAction } from "../ui";

/** A return larger than this is not read (as in the CLI; a CTMM return is about 100 KB). */
export const MAX_RETURN_BYTES = 50 * 1024 * 1024;
/** How long reading one return may take before it is given up, in seconds. */
export const READ_SECONDS = 30;

const MB = 1024 * 1024;

/** A text in both languages, from the pane's catalogue. */
const both = (text: (t: Messages, language: Language) => string): Localized =>
  Object.fromEntries(LANGUAGES.map((l) => [l, text(MESSAGES[l], l)])) as Localized;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Reads one chosen file in the browser (nothing is uploaded) and consolidates it with the core's
 * `consolidateGrid`. Never throws: a file that cannot be read becomes the one row that says why,
 * in both languages, so that the batch goes on and the summary reports on every file.
 *
 * @example
 * const { rows, problems } = await checkReturn(file, BUILTIN_PACK);
 * problems[0]?.["en-US"]; // "The file is not an .xlsx workbook (it is not a zip archive)"
 */
export async function checkReturn(file: File, pack: ModelPack): Promise<CheckedReturn> {
  const name = file.name;
  const unreadableFile = (file: string, pack: ModelPack, problem: Localized): CheckedReturn => ({
    ...unreadableConsolidation(file, pack, problem),
    review: { returns: [], excluded: [{ file, sheet: "", reason: problem }] },
  });
  if (file.size > MAX_RETURN_BYTES)
    return unreadableFile(
      name,
      pack,
      both((t) =>
        t.tooBig(Math.round((file.size / MB) * 10) / 10, Math.round(MAX_RETURN_BYTES / MB)),
      ),
    );
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (error) {
    return unreadableFile(
      name,
      pack,
      both((t) => t.notRead(messageOf(error))),
    );
  }
  const outcome = await checkInWorker({ name, bytes, pack, seconds: READ_SECONDS });
  if (!outcome.ok) {
    const { xlsx } = outcome;
    return unreadableFile(
      name,
      pack,
      xlsx
        ? both((t) => t.xlsxProblem(xlsx.code as XlsxErrorCode, xlsx.message, xlsx.params ?? {}))
        : both((t) => t.unscored(outcome.message)),
    );
  }
  const { consolidated, review } = outcome;
  return {
    review,
    ...consolidated,
    problems: consolidated.problems.map((problem, i) =>
      // A sheet that cannot be scored says so; a file without an assessment says why as is.
      problem === null || consolidated.rows[i]!.sheet === ""
        ? problem
        : both((t, l) => t.unscored(problem[l])),
    ),
  };
}

/** A checked file: its consolidation, and what a review would take from it. */
export type CheckedReturn = ConsolidatedFile & { readonly review: ReviewCandidates };

/** Where the check of one chosen file stands. */
type ReturnState =
  | { readonly kind: "waiting" }
  | { readonly kind: "reading" }
  | { readonly kind: "done"; readonly result: CheckedReturn };

interface ChosenReturn {
  readonly name: string;
  readonly state: ReturnState;
}

/** The files of one consolidation, checked with `pack` (the summary is planned with it too). */
interface Consolidation {
  readonly pack: ModelPack;
  readonly files: readonly ChosenReturn[];
}

type ReturnStatus = "waiting" | "reading" | "scored" | "findings" | "unreadable";

function statusOf(state: ReturnState): ReturnStatus {
  if (state.kind !== "done") return state.kind;
  const { rows } = state.result;
  if (rows.every((r) => r.problem !== undefined)) return "unreadable";
  return rows.some((r) => r.errors + r.warnings > 0) ? "findings" : "scored";
}

/** The summary rows of every checked file, each problem worded in `language`. */
function summaryRowsOf(consolidation: Consolidation, language: Language): SummaryRow[] {
  return consolidation.files.flatMap(({ state }) =>
    state.kind !== "done"
      ? []
      : state.result.rows.map((row, i) => {
          const problem = state.result.problems[i];
          return problem ? { ...row, problem: problem[language] } : row;
        }),
  );
}

function findingsOf(consolidation: Consolidation): SummaryFinding[] {
  return consolidation.files.flatMap(({ state }) =>
    state.kind === "done" ? state.result.findings : [],
  );
}

/**
 * What can be written from a consolidation: sheets planned from the checked files, written into
 * the open workbook after asking before replacing sheets of the same names.
 */
interface Output {
  readonly key: string;
  readonly label: string;
  readonly hint: string;
  /** What replacing existing sheets means for this output, when it keeps something. */
  readonly replaceBody?: (existing: readonly string[]) => string;
  readonly prepare: (consolidation: Consolidation, language: Language) => Job;
}

/** A planned write: the sheets it writes, and how. */
interface Job {
  readonly names: readonly string[];
  readonly send: (onProgress: (done: number, total: number) => void) => Promise<void>;
}

const useStyles = makeStyles({
  hidden: { display: "none" },
  list: {
    margin: 0,
    paddingLeft: 0,
    listStyleType: "none",
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
  },
  item: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXXS,
    paddingBottom: tokens.spacingVerticalXS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  head: {
    display: "flex",
    alignItems: "center",
    justifyContent: "space-between",
    columnGap: tokens.spacingHorizontalS,
  },
  name: { wordBreak: "break-all" },
  badge: { flexShrink: 0 },
  output: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXS },
});

const BADGE_COLORS = {
  waiting: "subtle",
  reading: "brand",
  scored: "success",
  findings: "warning",
  unreadable: "danger",
} as const;

/** One chosen file: its name, its status, and a line per assessment sheet it holds. */
function ReturnItem({
  file,
  pack,
  t,
  language,
}: {
  file: ChosenReturn;
  pack: ModelPack;
  t: Messages;
  language: Language;
}) {
  const styles = useStyles();
  const status = statusOf(file.state);
  const result = file.state.kind === "done" ? file.state.result : null;
  const findings = result?.rows.reduce((sum, r) => sum + r.errors + r.warnings, 0) ?? 0;
  const label = {
    waiting: t.fileWaiting,
    reading: t.fileReading,
    scored: t.fileScored,
    findings: t.fileWithFindings(findings),
    unreadable: t.fileUnreadable,
  }[status];
  return (
    <li className={styles.item} data-testid="return" data-status={status}>
      <div className={styles.head}>
        <Text weight="semibold" className={styles.name}>
          {file.name}
        </Text>
        <Badge
          className={styles.badge}
          appearance="tint"
          color={BADGE_COLORS[status]}
          data-testid="return-status"
        >
          {label}
        </Badge>
      </div>
      {result?.rows.map((row, i) => {
        const problem = result.problems[i];
        const where = row.district || row.sheet;
        return (
          <Caption1 key={i} data-testid="return-row">
            {where && `${where}${language === "zh-CN" ? "：" : ": "}`}
            {problem
              ? problem[language]
              : row.overall
                ? `${t.overall} ${levelLabel(pack, row.overall.level, language)} · ${row.overall.score.toFixed(2)}`
                : `${t.overall} ${t.notApplicable}`}
            {!problem &&
              row.errors + row.warnings > 0 &&
              ` · ${t.findingCounts(row.errors, row.warnings)}`}
          </Caption1>
        );
      })}
    </li>
  );
}

export function ConsolidateScreen({ t, language, pack, host }: ScreenProps) {
  const styles = useStyles();
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId("returns-hint");
  const [consolidation, setConsolidation] = useState<Consolidation | null>(null);
  const [pending, setPending] = useState<PendingReplace | null>(null);
  const [written, setWritten] = useState<readonly string[] | null>(null);
  const { busy, progress, error, run } = useAction(t);

  const setState = (index: number, state: ReturnState) =>
    setConsolidation(
      (c) => c && { ...c, files: c.files.map((f, i) => (i === index ? { ...f, state } : f)) },
    );

  const check = (chosen: readonly File[]) =>
    run(async (report) => {
      setWritten(null);
      setConsolidation({
        pack,
        files: chosen.map((f) => ({ name: f.name, state: { kind: "waiting" } })),
      });
      for (const [index, file] of chosen.entries()) {
        report({
          label: t.checking(index + 1, chosen.length, file.name),
          value: index / chosen.length,
        });
        setState(index, { kind: "reading" });
        // Let the list and the bar show before the reader holds the thread.
        await nextTask();
        setState(index, { kind: "done", result: await checkReturn(file, pack) });
      }
    });

  /** Writes an output's sheets, asking first if that would replace sheets (SPEC §6). */
  const write = (output: Output) =>
    run(async (report) => {
      setWritten(null);
      const job = output.prepare(consolidation!, language);
      const names = job.names;
      const send = async (progress: typeof report) => {
        await job.send((done, total) =>
          progress({
            label: t.writing(Math.min(done + 1, total), total),
            value: done / total,
          }),
        );
        setWritten(names);
      };
      const existing = await host.existingSheets(names);
      if (existing.length > 0)
        setPending({
          run: () => run(send),
          existing,
          ...(output.replaceBody ? { body: output.replaceBody } : {}),
        });
      else await send(report);
    });

  const outputs: readonly Output[] = [
    {
      key: "summary",
      label: t.writeSummary,
      hint: t.writeSummaryHint,
      prepare: (c, l) => {
        const sheets = planSummarySheets(c.pack, summaryRowsOf(c, l), findingsOf(c), l);
        return {
          names: sheets.map((s) => s.name),
          send: async (onProgress) => void (await host.writeSheets(sheets, onProgress)),
        };
      },
    },
    {
      key: "review",
      label: t.writeReview,
      hint: t.writeReviewHint,
      replaceBody: t.replaceReviewBody,
      prepare: (c, l) => {
        const done = c.files.flatMap(({ state }) => (state.kind === "done" ? [state.result] : []));
        const planned = planReviewWorkbook(
          c.pack,
          done.flatMap((r) => r.review.returns),
          done.flatMap((r) => r.review.excluded),
          l,
        );
        const overview = new Set(planned.overview.map((s) => s.name));
        return {
          names: [...planned.overview, ...planned.sheets.map((s) => s.plan)].map((s) => s.name),
          // District sheets first, then the overview whose formulas refer to them; a district
          // sheet rebuilt keeps the reviewers' entries, as generation keeps entries.
          send: async (onProgress) =>
            void (await host.generate(
              {
                plan: {
                  ...planned.plan,
                  sheets: planned.plan.sheets.filter((s) => !overview.has(s.name)),
                },
                sheets: planned.sheets,
                metadata: planned.metadata,
              },
              c.pack,
              planned.overview,
              onProgress,
            )),
        };
      },
    },
  ];

  const files = consolidation?.files ?? [];
  const finished = files.length > 0 && files.every((f) => f.state.kind === "done");
  const statuses = files.map((f) => statusOf(f.state));
  const scoredSheets = files.reduce(
    (sum, f) =>
      sum +
      (f.state.kind === "done" ? f.state.result.rows.filter((r) => r.overall !== null).length : 0),
    0,
  );
  return (
    <Stack>
      <div>
        <Button
          appearance="primary"
          disabled={busy}
          data-testid="choose-returns"
          aria-describedby={hintId}
          onClick={() => input.current?.click()}
        >
          {t.chooseReturns}
        </Button>
        <input
          ref={input}
          type="file"
          multiple
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-label={t.returns}
          className={styles.hidden}
          data-testid="return-files"
          onChange={(e) => {
            const chosen = [...(e.target.files ?? [])];
            e.target.value = ""; // choosing the same files again checks them again
            if (chosen.length > 0) void check(chosen);
          }}
        />
      </div>
      <Caption1 id={hintId}>{t.returnsHint}</Caption1>
      <ProgressNote progress={progress} />
      <Problem error={error} language={language} />
      {files.length > 0 && (
        <section aria-label={t.returns}>
          <ul className={styles.list} aria-busy={!finished} data-testid="returns">
            {files.map((file, i) => (
              <ReturnItem
                key={i}
                file={file}
                pack={consolidation!.pack}
                t={t}
                language={language}
              />
            ))}
          </ul>
        </section>
      )}
      {finished && (
        <Notice intent={statuses.includes("unreadable") ? "warning" : "info"} testId="checked">
          {t.checked(files.length, scoredSheets, statuses.filter((s) => s === "unreadable").length)}
        </Notice>
      )}
      {finished && (
        <section aria-label={t.writeTo}>
          <Stack>
            <Subtitle2 as="h3">{t.writeTo}</Subtitle2>
            {outputs.map((output) => (
              <div key={output.key} className={styles.output}>
                <div>
                  <Button
                    disabled={busy}
                    data-testid={`write-${output.key}`}
                    aria-describedby={`${hintId}-${output.key}`}
                    onClick={() => void write(output)}
                  >
                    {output.label}
                  </Button>
                </div>
                <Caption1 id={`${hintId}-${output.key}`}>{output.hint}</Caption1>
              </div>
            ))}
          </Stack>
        </section>
      )}
      {written && <Notice testId="written">{t.summaryWritten(written)}</Notice>}
      <ConfirmReplace
        pending={pending}
        onClose={() => setPending(null)}
        t={t}
        body={t.replaceSheetsBody}
        confirm={t.replace}
      />
    </Stack>
  );
}

/** A macrotask: lets React render and the browser paint between files. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
