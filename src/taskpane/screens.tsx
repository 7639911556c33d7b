import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Link,
  MessageBar,
  MessageBarBody,
  Option,
  Radio,
  RadioGroup,
  Spinner,
  Subtitle2,
  Text,
  Textarea,
} from "@fluentui/react-components";
import { useState } from "react";
import type { Assessment, AssessmentMode, Language, ModelPack } from "../model";
import { assess, computeEffectiveWeights, listItems } from "../model";
import { gapOf } from "../functions/library";
import type { SheetAssessment } from "../sheet/readAssessment";
import { readAssessments } from "../sheet/readAssessment";
import type { Finding } from "../sheet/validateWorkbook";
import { validateWorkbook } from "../sheet/validateWorkbook";
import type { FormulaStyle } from "../sheet/planAssessmentSheet";
import type { Messages, UiLanguage } from "./i18n";
import type { WorkbookService } from "./workbookService";

export interface ScreenProps {
  readonly t: Messages;
  readonly language: UiLanguage;
  readonly pack: ModelPack;
  readonly service: WorkbookService;
}

/** Runs one action at a time, with a spinner and a clear message when it fails. */
function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

function Failure({ t, error }: { t: Messages; error: string | null }) {
  if (error === null) return null;
  return (
    <MessageBar intent="error">
      <MessageBarBody>{t.failed(error)}</MessageBarBody>
    </MessageBar>
  );
}

// ---------------------------------------------------------------------------------------------

export function GenerateScreen({ t, language, service }: ScreenProps) {
  const [districts, setDistricts] = useState("");
  const [workbookLanguage, setWorkbookLanguage] = useState<Language>(language);
  const [mode, setMode] = useState<AssessmentMode>("full");
  const [formulaStyle, setFormulaStyle] = useState<FormulaStyle>("portable");
  const [replacing, setReplacing] = useState<string[] | null>(null);
  const [done, setDone] = useState<string[] | null>(null);
  const { busy, error, run } = useAction();
  const request = () => ({
    districts: districts
      .split(/\r?\n/)
      .map((d) => d.trim())
      .filter((d) => d !== ""),
    language: workbookLanguage,
    mode,
    formulaStyle,
  });
  const generate = (keepEntries: boolean) =>
    run(async () => {
      setReplacing(null);
      setDone(await service.generate(request(), keepEntries));
    });
  const start = () =>
    run(async () => {
      setDone(null);
      // Every action that would overwrite entries asks first.
      const existing = await service.sheetsToReplace(request());
      if (existing.length > 0) setReplacing(existing);
      else setDone(await service.generate(request(), false));
    });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      <Field label={t.districts} hint={t.districtsHint}>
        <Textarea
          name="districts"
          value={districts}
          onChange={(_, d) => setDistricts(d.value)}
          rows={4}
        />
      </Field>
      <Field label={t.workbookLanguage}>
        <Dropdown
          name="workbook-language"
          value={workbookLanguage === "zh-CN" ? "中文（简体）" : "English"}
          selectedOptions={[workbookLanguage]}
          onOptionSelect={(_, d) => setWorkbookLanguage(d.optionValue as Language)}
        >
          <Option value="zh-CN">中文（简体）</Option>
          <Option value="en-US">English</Option>
        </Dropdown>
      </Field>
      <Field label={t.mode}>
        <RadioGroup value={mode} onChange={(_, d) => setMode(d.value as AssessmentMode)}>
          <Radio value="full" label={t.modeFull} />
          <Radio value="quick" label={t.modeQuick} />
        </RadioGroup>
      </Field>
      <Field label={t.formulaStyle}>
        <RadioGroup
          value={formulaStyle}
          onChange={(_, d) => setFormulaStyle(d.value as FormulaStyle)}
        >
          <Radio value="portable" label={t.formulasPortable} />
          <Radio value="addin" label={t.formulasAddin} />
        </RadioGroup>
      </Field>
      <Button appearance="primary" type="submit" disabled={busy} data-testid="generate">
        {t.generate}
      </Button>
      {busy && <Spinner size="tiny" label={t.working} />}
      <Failure t={t} error={error} />
      {done && (
        <MessageBar intent="success">
          <MessageBarBody>{t.generated(done)}</MessageBarBody>
        </MessageBar>
      )}
      <Dialog open={replacing !== null} onOpenChange={(_, d) => !d.open && setReplacing(null)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{t.replaceTitle}</DialogTitle>
            <DialogContent>{replacing && t.replaceBody(replacing)}</DialogContent>
            <DialogActions>
              <Button
                appearance="primary"
                onClick={() => void generate(true)}
                data-testid="replace"
              >
                {t.replaceKeep}
              </Button>
              <Button onClick={() => setReplacing(null)}>{t.cancel}</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </form>
  );
}

// ---------------------------------------------------------------------------------------------

export function ValidateScreen({ t, language, pack, service }: ScreenProps) {
  const [findings, setFindings] = useState<Finding[] | null>(null);
  const { busy, error, run } = useAction();
  const check = () =>
    run(async () => {
      setFindings(validateWorkbook(await service.read(), pack));
    });
  const groups: [string, Finding[]][] = findings
    ? [
        [t.errors, findings.filter((f) => f.severity === "error")],
        [t.warnings, findings.filter((f) => f.severity === "warning")],
      ]
    : [];
  return (
    <section>
      <Button appearance="primary" onClick={() => void check()} disabled={busy} data-testid="check">
        {t.check}
      </Button>
      {busy && <Spinner size="tiny" label={t.working} />}
      <Failure t={t} error={error} />
      {findings && findings.length === 0 && (
        <MessageBar intent="success">
          <MessageBarBody>{t.noFindings}</MessageBarBody>
        </MessageBar>
      )}
      {groups
        .filter(([, list]) => list.length > 0)
        .map(([title, list]) => (
          <section key={title} aria-label={title}>
            <Subtitle2 as="h3">
              {title} ({list.length})
            </Subtitle2>
            <ul data-testid="findings">
              {list.map((f, i) => (
                <li key={i}>
                  {f.cell ? (
                    <Link onClick={() => void run(() => service.select(f.sheet, f.cell!))}>
                      {f.sheet}!{f.cell}
                    </Link>
                  ) : (
                    <Text>{f.sheet}</Text>
                  )}{" "}
                  <Text size={200}>
                    {f.code}: {f.message[language]}
                  </Text>
                </li>
              ))}
            </ul>
          </section>
        ))}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------

interface Scored {
  readonly read: SheetAssessment;
  readonly result: Assessment;
}

function scoreWorkbook(sheets: readonly SheetAssessment[], pack: ModelPack): Scored[] {
  return sheets.map((read) => ({ read, result: assess(pack, read.input) }));
}

export function ResultsScreen({ t, language, pack, service }: ScreenProps) {
  const [scored, setScored] = useState<Scored[] | null>(null);
  const { busy, error, run } = useAction();
  const refresh = () =>
    run(async () => {
      setScored(scoreWorkbook(readAssessments(await service.read()), pack));
    });
  const show = (level: number | undefined, score: number | undefined) =>
    level === undefined ? "N/A" : `${level} (${score!.toFixed(2)})`;
  return (
    <section>
      <Button
        appearance="primary"
        onClick={() => void refresh()}
        disabled={busy}
        data-testid="refresh"
      >
        {t.refresh}
      </Button>
      <Failure t={t} error={error} />
      {scored && scored.length === 0 && <Text>{t.noAssessment}</Text>}
      {scored?.map(({ read, result }) => (
        <section key={read.sheet} aria-label={read.sheet} data-testid="result">
          <Subtitle2 as="h3">{read.district || read.sheet}</Subtitle2>
          <table>
            <thead>
              <tr>
                <th />
                <th>
                  {t.level} ({t.score})
                </th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{t.overall}</th>
                <td data-testid="overall">
                  {show(result.overall.result?.level, result.overall.result?.score)}
                </td>
              </tr>
              {result.domains.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    {d.id} {d.name[language]}
                  </th>
                  <td>{show(d.result?.level, d.result?.score)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <RadarChart
            labels={result.domains.map((d) => `${d.id}`)}
            values={result.domains.map((d) => d.result?.score ?? 0)}
            title={read.district || read.sheet}
          />
        </section>
      ))}
    </section>
  );
}

/** A small SVG radar chart of domain scores (0-5): no chart library, nothing fetched. */
export function RadarChart({
  labels,
  values,
  title,
}: {
  labels: string[];
  values: number[];
  title: string;
}) {
  const size = 220;
  const centre = size / 2;
  const radius = 80;
  const point = (i: number, value: number) => {
    const angle = (Math.PI * 2 * i) / labels.length - Math.PI / 2;
    return [
      centre + Math.cos(angle) * radius * (value / 5),
      centre + Math.sin(angle) * radius * (value / 5),
    ] as const;
  };
  const polygon = (value: (i: number) => number) =>
    labels.map((_, i) => point(i, value(i)).join(",")).join(" ");
  return (
    <svg width={size} height={size} role="img" aria-label={title} data-testid="radar">
      {[1, 2, 3, 4, 5].map((ring) => (
        <polygon key={ring} points={polygon(() => ring)} fill="none" stroke="#d0d0d0" />
      ))}
      <polygon points={polygon((i) => values[i]!)} fill="rgba(31,78,121,0.25)" stroke="#1f4e79" />
      {labels.map((label, i) => {
        const [x, y] = point(i, 5.8);
        return (
          <text key={label} x={x} y={y} fontSize="11" textAnchor="middle" dominantBaseline="middle">
            {label}
          </text>
        );
      })}
    </svg>
  );
}

// ---------------------------------------------------------------------------------------------

export function ImproveScreen({ t, language, pack, service }: ScreenProps) {
  const [target, setTarget] = useState(3);
  const [paths, setPaths] = useState<{ sheet: string; rows: [string, string[]][] }[] | null>(null);
  const { busy, error, run } = useAction();
  const compute = () =>
    run(async () => {
      const sheets = readAssessments(await service.read());
      const weights = computeEffectiveWeights(pack);
      const placements = listItems(pack);
      setPaths(
        sheets.map((read) => {
          const ctx = { pack, language };
          const path = (ids: string[]): string[] => {
            const ratings = ids.map((id) => [...(read.input.ratings.get(id) ?? [])]);
            const names = ids.map((id) => [
              `${id} ${placements.find((p) => p.item.id === id)!.item.name[language]}`,
            ]);
            try {
              const raised = gapOf(
                ctx,
                ratings,
                target,
                ids.map((id) => [weights.get(id as never)!]),
                names,
              );
              return raised.map(([name]) => String(name)).filter((n) => n !== "");
            } catch {
              return []; // nothing applicable in this domain
            }
          };
          const rows: [string, string[]][] = [
            [t.overall, path(placements.map((p) => p.item.id))],
            ...pack.domains.map((d): [string, string[]] => [
              `${d.id} ${d.name[language]}`,
              path(placements.filter((p) => p.domain === d).map((p) => p.item.id)),
            ]),
          ];
          return { sheet: read.district || read.sheet, rows };
        }),
      );
    });
  return (
    <section>
      <Field label={t.targetLevel}>
        <Dropdown
          value={String(target)}
          selectedOptions={[String(target)]}
          onOptionSelect={(_, d) => setTarget(Number(d.optionValue))}
        >
          {[1, 2, 3, 4, 5].map((l) => (
            <Option key={l} value={String(l)}>
              {String(l)}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Button
        appearance="primary"
        onClick={() => void compute()}
        disabled={busy}
        data-testid="improve"
      >
        {t.refresh}
      </Button>
      <Failure t={t} error={error} />
      {paths?.map(({ sheet, rows }) => (
        <section key={sheet} aria-label={sheet} data-testid="path">
          <Subtitle2 as="h3">{sheet}</Subtitle2>
          {rows.map(([label, items]) => (
            <div key={label}>
              <Text weight="semibold">{label}: </Text>
              <Text>{items.length === 0 ? t.reached : `${t.raise} ${items.join("; ")}`}</Text>
            </div>
          ))}
        </section>
      ))}
    </section>
  );
}
