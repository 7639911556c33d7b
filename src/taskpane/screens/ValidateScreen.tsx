import {
  Button,
  Caption1,
  Link,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState } from "react";
import { shownRating } from "../../model";
import type { RatingFix } from "../../sheet/ratingFixes";
import { ratingFixes } from "../../sheet/ratingFixes";
import { listAssessmentSheets } from "../../sheet/readAssessment";
import type { Finding, FindingCode } from "../../sheet/validateWorkbook";
import { validateWorkbook } from "../../sheet/validateWorkbook";
import type { PendingReplace, ScreenProps } from "../ui";
import { ConfirmReplace, Notice, Problem, ProgressNote, Stack, useAction } from "../ui";

const useStyles = makeStyles({
  list: {
    margin: 0,
    paddingLeft: 0,
    listStyleType: "none",
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
  },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  sheet: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
    marginTop: tokens.spacingVerticalS,
  },
  kind: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXXS },
  kindTitle: { fontWeight: tokens.fontWeightSemibold },
  cells: { display: "flex", flexWrap: "wrap", columnGap: tokens.spacingHorizontalS },
});

/** Up to this many findings of one kind on a sheet are listed with their messages. */
const FULL_LIST = 5;

/** Findings by sheet, then by code, in the order they were found. */
function groupFindings(findings: readonly Finding[]): [string, [FindingCode, Finding[]][]][] {
  const sheets = new Map<string, Map<FindingCode, Finding[]>>();
  for (const f of findings) {
    const kinds = sheets.get(f.sheet) ?? new Map<FindingCode, Finding[]>();
    kinds.set(f.code, [...(kinds.get(f.code) ?? []), f]);
    sheets.set(f.sheet, kinds);
  }
  return [...sheets].map(([sheet, kinds]) => [sheet, [...kinds]]);
}

/** Where a finding is: a link that selects the cell, or the sheet's name. */
function FindingPlace({
  finding,
  select,
  short = false,
  title,
}: {
  finding: Finding;
  select: (f: Finding) => void;
  short?: boolean;
  title?: string;
}) {
  if (finding.cell === null) return <strong>{finding.sheet}</strong>;
  return (
    <Link data-testid="finding-link" title={title} onClick={() => select(finding)}>
      {short ? finding.cell : `${finding.sheet}!${finding.cell}`}
    </Link>
  );
}

interface Checked {
  readonly findings: readonly Finding[];
  readonly sheets: readonly string[];
  /** Ratings the sheet cannot read whose meaning is plain (RATING_TEXT): retyped on request. */
  readonly fixes: readonly RatingFix[];
}

/** "和平区!E18: ‘3’ → 3": a fix as the confirmation lists it. */
const describeFix = (fix: RatingFix) =>
  `${fix.sheet}!${fix.cell}: ‘${shownRating(fix.text)}’ → ${fix.value}`;

export function ValidateScreen({ t, language, pack, host }: ScreenProps) {
  const styles = useStyles();
  const [checked, setChecked] = useState<Checked | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState<PendingReplace | null>(null);
  const { busy, progress, error, run } = useAction(t);
  const read = async () => {
    const grid = await host.read("ctmm");
    setChecked({
      findings: validateWorkbook(grid, pack),
      sheets: listAssessmentSheets(grid),
      fixes: ratingFixes(grid, pack),
    });
  };
  const check = () =>
    run(async (report) => {
      setNotice(null);
      report({ label: t.reading, value: null });
      await read();
    });
  const fix = (fixes: readonly RatingFix[]) =>
    setPending({
      title: t.fixTitle,
      existing: fixes.map(describeFix),
      body: (lines) => (
        <>
          {t.fixBody}
          <ul data-testid="fix-list">
            {lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      ),
      run: () =>
        run(async (report) => {
          report({ label: t.reading, value: null });
          await host.rewrite(fixes.map(({ sheet, cell, value }) => ({ sheet, cell, value })));
          await read();
          setNotice(t.fixed(fixes.length));
        }),
    });
  const select = (f: Finding) => void run(() => host.select(f.sheet, f.cell!));
  const located = (checked?.findings ?? []).filter(
    (f): f is Finding & { cell: string } => f.cell !== null,
  );
  const groups = [
    {
      key: "error",
      title: t.errors,
      list: checked?.findings.filter((f) => f.severity === "error"),
    },
    {
      key: "warning",
      title: t.warnings,
      list: checked?.findings.filter((f) => f.severity === "warning"),
    },
  ];
  return (
    <Stack>
      <div className={styles.actions}>
        <Button
          appearance="primary"
          onClick={() => void check()}
          disabled={busy}
          data-testid="check"
        >
          {t.check}
        </Button>
        {located.length > 0 && (
          <Button
            disabled={busy}
            data-testid="highlight"
            onClick={() =>
              void run(async () => {
                await host.clearHighlights(checked!.sheets);
                await host.highlight(
                  located.map((f) => ({ sheet: f.sheet, cell: f.cell, severity: f.severity })),
                );
                setNotice(t.highlighted(located.length));
              })
            }
          >
            {t.highlight}
          </Button>
        )}
        {checked && checked.fixes.length > 0 && (
          <Button disabled={busy} data-testid="fix-ratings" onClick={() => fix(checked.fixes)}>
            {t.fixRatings(checked.fixes.length)}
          </Button>
        )}
        {checked && checked.sheets.length > 0 && (
          <Button
            disabled={busy}
            data-testid="clear-highlight"
            onClick={() =>
              void run(async () => setNotice(t.cleared(await host.clearHighlights(checked.sheets))))
            }
          >
            {t.clearHighlight}
          </Button>
        )}
      </div>
      <ProgressNote progress={progress} />
      <Problem error={error} language={language} />
      {notice && <Notice intent="info">{notice}</Notice>}
      {checked && checked.sheets.length === 0 && <Notice intent="info">{t.noSheets}</Notice>}
      {checked && checked.sheets.length > 0 && checked.findings.length === 0 && (
        <Notice>{t.noFindings}</Notice>
      )}
      {groups.map(({ key, title, list }) =>
        list && list.length > 0 ? (
          <section key={key} aria-label={title} data-testid={`findings-${key}`}>
            <Subtitle2 as="h3">
              {title} ({list.length})
            </Subtitle2>
            {groupFindings(list).map(([sheet, kinds]) => (
              <div key={sheet} className={styles.sheet}>
                <Text weight="semibold">{sheet}</Text>
                {kinds.map(([code, members]) => (
                  <div key={code} className={styles.kind}>
                    <Caption1 className={styles.kindTitle}>
                      {t.findingTitles[code]} ({members.length})
                    </Caption1>
                    {members.length <= FULL_LIST ? (
                      <ul className={styles.list}>
                        {members.map((f, i) => (
                          <li key={i}>
                            <FindingPlace finding={f} select={select} />{" "}
                            <Caption1>{f.message[language]}</Caption1>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      // Many of one kind: the cells only, each saying its message on hover.
                      <div className={styles.cells}>
                        {members.map((f, i) => (
                          <FindingPlace
                            key={i}
                            finding={f}
                            select={select}
                            short
                            title={f.message[language]}
                          />
                        ))}
                      </div>
                    )}
                  </div>
                ))}
              </div>
            ))}
          </section>
        ) : null,
      )}
      <ConfirmReplace
        pending={pending}
        onClose={() => setPending(null)}
        t={t}
        body={() => null}
        confirm={t.fixConfirm}
      />
    </Stack>
  );
}
