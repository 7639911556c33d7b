import { Button, Caption1, Link, Subtitle2, makeStyles, tokens } from "@fluentui/react-components";
import { useState } from "react";
import { listAssessmentSheets } from "../../sheet/readAssessment";
import type { Finding } from "../../sheet/validateWorkbook";
import { validateWorkbook } from "../../sheet/validateWorkbook";
import type { ScreenProps } from "../ui";
import { Notice, Problem, ProgressNote, Stack, useAction } from "../ui";

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
});

interface Checked {
  readonly findings: readonly Finding[];
  readonly sheets: readonly string[];
}

export function ValidateScreen({ t, language, pack, host }: ScreenProps) {
  const styles = useStyles();
  const [checked, setChecked] = useState<Checked | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, progress, error, run } = useAction(t);
  const check = () =>
    run(async (report) => {
      setNotice(null);
      report({ label: t.reading, value: null });
      const grid = await host.read("ctmm");
      setChecked({ findings: validateWorkbook(grid, pack), sheets: listAssessmentSheets(grid) });
    });
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
            <ul className={styles.list}>
              {list.map((f, i) => (
                <li key={i}>
                  {f.cell ? (
                    <Link
                      data-testid="finding-link"
                      onClick={() => void run(() => host.select(f.sheet, f.cell!))}
                    >
                      {f.sheet}!{f.cell}
                    </Link>
                  ) : (
                    <strong>{f.sheet}</strong>
                  )}{" "}
                  <Caption1>
                    {f.message[language]} ({f.code})
                  </Caption1>
                </li>
              ))}
            </ul>
          </section>
        ) : null,
      )}
    </Stack>
  );
}
