import {
  Button,
  Field,
  Select,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState } from "react";
import type { ImprovementOutcome, ImprovementPaths, Level } from "../../model";
import { findImprovementPaths, levelLabel, listItems } from "../../model";
import { planImprovementSheet } from "../../sheet/planImprovementSheet";
import { uniqueSheetNames } from "../../sheet/planWorkbook";
import type { SheetAssessment } from "../../sheet/readAssessment";
import type { ScreenProps } from "../ui";
import { Notice, Problem, ProgressNote, readActiveAssessment, Stack, useAction } from "../ui";

const useStyles = makeStyles({
  scope: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXXS },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

interface Computed {
  readonly read: SheetAssessment;
  readonly paths: ImprovementPaths;
  readonly itemLevels: ReadonlyMap<string, number | null>;
}

export function ImproveScreen({ t, language, pack, host }: ScreenProps) {
  const styles = useStyles();
  const [target, setTarget] = useState<Level>(3);
  const [computed, setComputed] = useState<Computed | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, progress, error, run } = useAction(t);
  const names = new Map(listItems(pack).map((p) => [p.item.id as string, p.item.name[language]]));

  const compute = () =>
    run(async (report) => {
      setNotice(null);
      report({ label: t.reading, value: null });
      const { read, result, threshold } = await readActiveAssessment(host, pack);
      setComputed({
        read,
        paths: findImprovementPaths(pack, read.input, target, { threshold }),
        itemLevels: new Map(result.items.map((i) => [i.id as string, i.result?.level ?? null])),
      });
    });
  const writeSheet = () =>
    run(async () => {
      const { read, paths, itemLevels } = computed!;
      const district = read.district || read.sheet;
      const plan = planImprovementSheet(pack, paths, itemLevels, {
        district,
        language,
        // A name Excel accepts: no []:*?/\ and at most 31 characters, whatever the district.
        name: uniqueSheetNames([`${t.pathSheet} ${district}`])[0]!,
      });
      setNotice(t.sheetWritten(await host.addSheet(plan)));
    });

  const describe = (outcome: ImprovementOutcome) => {
    if (outcome.status === "noApplicableItem") return <Text>{t.noItem}</Text>;
    if (outcome.status === "unreachable") return <Text>{t.unreachable}</Text>;
    if (outcome.items.length === 0) return <Text>{t.reached}</Text>;
    return (
      <>
        <Text>{t.raise}</Text>
        <ol className={styles.list}>
          {outcome.items.map((id) => (
            <li key={id}>
              {id} {names.get(id) ?? ""}
            </li>
          ))}
        </ol>
      </>
    );
  };

  return (
    <Stack>
      <Field label={t.targetLevel}>
        <Select
          data-testid="target"
          value={String(target)}
          onChange={(_, d) => setTarget(Number(d.value) as Level)}
        >
          {([1, 2, 3, 4, 5] as const).map((l) => (
            <option key={l} value={String(l)}>
              {levelLabel(pack, l, language)}
            </option>
          ))}
        </Select>
      </Field>
      <div className={styles.actions}>
        <Button
          appearance="primary"
          onClick={() => void compute()}
          disabled={busy}
          data-testid="improve"
        >
          {t.showPath}
        </Button>
        {computed && (
          <Button onClick={() => void writeSheet()} disabled={busy} data-testid="write-path">
            {t.writeSheet}
          </Button>
        )}
      </div>
      <ProgressNote progress={progress} />
      <Problem error={error} language={language} />
      {notice && <Notice>{notice}</Notice>}
      {computed && (
        <section
          data-testid="path"
          aria-label={t.pathOf(computed.read.district || computed.read.sheet)}
        >
          <Subtitle2 as="h3">
            {t.pathOf(computed.read.district || computed.read.sheet)} —{" "}
            {levelLabel(pack, computed.paths.target, language)}
          </Subtitle2>
          <div className={styles.scope} data-testid="path-overall">
            <Text weight="semibold">{t.overall}</Text>
            {describe(computed.paths.overall)}
          </div>
          {computed.paths.domains.map((d) => (
            <div key={d.id} className={styles.scope} data-testid={`path-domain-${d.id}`}>
              <Text weight="semibold">
                {d.id} {pack.domains.find((x) => x.id === d.id)?.name[language]}
              </Text>
              {describe(d)}
            </div>
          ))}
        </section>
      )}
    </Stack>
  );
}
