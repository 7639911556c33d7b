import { Button, Subtitle2, makeStyles, tokens } from "@fluentui/react-components";
import { useState } from "react";
import type { AggregateResult, Assessment, LevelBlocker } from "../../model";
import { levelLabel } from "../../model";
import { domainChart } from "../../sheet/planAssessmentSheet";
import type { SheetAssessment } from "../../sheet/readAssessment";
import { RadarChart } from "../RadarChart";
import type { ScreenProps } from "../ui";
import { Notice, Problem, ProgressNote, readActiveAssessment, Stack, useAction } from "../ui";

/**
 * "Why this level", as the sheet words it: the first level below the threshold and its level
 * score, rounded down so that 0.799 never reads 0.80.
 *
 * @example whyLevel({ level: 3, levelScore: 0.766667, threshold: 0.8 }) // "L3: 0.76 / 0.80"
 */
export function whyLevel(blocker: LevelBlocker): string {
  const down = Math.floor(blocker.levelScore * 100 + 1e-9) / 100;
  return `L${blocker.level}: ${down.toFixed(2)} / ${blocker.threshold.toFixed(2)}`;
}

const useStyles = makeStyles({
  table: { borderCollapse: "collapse", width: "100%", fontSize: tokens.fontSizeBase200 },
  cell: {
    textAlign: "left",
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalXS}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    verticalAlign: "top",
  },
  number: { textAlign: "right", whiteSpace: "nowrap" },
  overall: { fontWeight: tokens.fontWeightSemibold },
});

interface Shown {
  readonly read: SheetAssessment;
  readonly result: Assessment;
  /** On a review sheet, the reviewed ratings' results beside the self-assessed ones. */
  readonly reviewed: Assessment | null;
}

export function ResultsScreen({ t, language, pack, host }: ScreenProps) {
  const styles = useStyles();
  const [shown, setShown] = useState<Shown | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, progress, error, run } = useAction(t);
  const refresh = () =>
    run(async (report) => {
      setNotice(null);
      report({ label: t.reading, value: null });
      setShown(await readActiveAssessment(host, pack));
    });
  const insertChart = () =>
    run(async () => {
      await host.insertChart(shown!.read.sheet, domainChart(pack, shown!.read, language));
      setNotice(t.chartInserted(shown!.read.sheet));
    });
  const level = (aggregate: AggregateResult | undefined) =>
    aggregate?.result ? levelLabel(pack, aggregate.result.level, language) : t.notApplicable;
  const score = (aggregate: AggregateResult | undefined) =>
    aggregate?.result ? aggregate.result.score.toFixed(2) : t.notApplicable;
  const row = (
    aggregate: AggregateResult,
    reviewed: AggregateResult | undefined,
    label: string,
    overall = false,
  ) => (
    <tr
      key={aggregate.id}
      className={overall ? styles.overall : undefined}
      data-testid="result-row"
    >
      <th scope="row" className={styles.cell}>
        {label}
      </th>
      <td className={styles.cell} data-testid={overall ? "overall-level" : undefined}>
        {level(aggregate)}
      </td>
      <td
        className={`${styles.cell} ${styles.number}`}
        data-testid={overall ? "overall-score" : undefined}
      >
        {score(aggregate)}
      </td>
      {shown?.reviewed ? (
        <>
          <td className={styles.cell} data-testid={overall ? "reviewed-level" : undefined}>
            {level(reviewed)}
          </td>
          <td
            className={`${styles.cell} ${styles.number}`}
            data-testid={overall ? "reviewed-score" : undefined}
          >
            {score(reviewed)}
          </td>
        </>
      ) : (
        <td className={`${styles.cell} ${styles.number}`}>
          {aggregate.result === null
            ? ""
            : aggregate.blocker
              ? whyLevel(aggregate.blocker)
              : t.whyTop}
        </td>
      )}
    </tr>
  );
  return (
    <Stack>
      <div>
        <Button
          appearance="primary"
          onClick={() => void refresh()}
          disabled={busy}
          data-testid="refresh"
        >
          {t.refresh}
        </Button>
      </div>
      <ProgressNote progress={progress} />
      <Problem error={error} language={language} />
      {notice && <Notice>{notice}</Notice>}
      {shown && (
        <section aria-label={shown.read.sheet} data-testid="result">
          <Subtitle2 as="h3">{shown.read.district || shown.read.sheet}</Subtitle2>
          <table className={styles.table}>
            <thead>
              <tr>
                <th className={styles.cell}>{t.domain}</th>
                <th className={styles.cell}>{shown.reviewed ? t.selfLevel : t.level}</th>
                <th className={`${styles.cell} ${styles.number}`}>{t.score}</th>
                {shown.reviewed ? (
                  <>
                    <th className={styles.cell}>{t.reviewedLevel}</th>
                    <th className={`${styles.cell} ${styles.number}`}>{t.score}</th>
                  </>
                ) : (
                  <th className={`${styles.cell} ${styles.number}`}>{t.why}</th>
                )}
              </tr>
            </thead>
            <tbody>
              {row(shown.result.overall, shown.reviewed?.overall, t.overall, true)}
              {shown.result.domains.map((d, i) =>
                row(d, shown.reviewed?.domains[i], `${d.id} ${d.name[language]}`),
              )}
            </tbody>
          </table>
          <RadarChart
            // Short names fit beside the chart; long ones give way to the id (the table names them).
            labels={shown.result.domains.map((d) =>
              d.name[language].length <= 8 ? `${d.id} ${d.name[language]}` : d.id,
            )}
            series={[
              {
                name: shown.reviewed ? t.selfLevel : t.level,
                values: shown.result.domains.map((d) => d.result?.level ?? null),
              },
              ...(shown.reviewed
                ? [
                    {
                      name: t.reviewedLevel,
                      values: shown.reviewed.domains.map((d) => d.result?.level ?? null),
                    },
                  ]
                : []),
            ]}
            title={t.chartTitle(shown.read.district || shown.read.sheet)}
          />
          <div>
            <Button onClick={() => void insertChart()} disabled={busy} data-testid="insert-chart">
              {t.insertChart}
            </Button>
          </div>
        </section>
      )}
    </Stack>
  );
}
