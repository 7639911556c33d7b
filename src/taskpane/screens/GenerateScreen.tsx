import { Button, Checkbox, Field, Radio, RadioGroup, Textarea } from "@fluentui/react-components";
import { useState } from "react";
import type { AssessmentMode, Language } from "../../model";
import type { GenerateResult } from "../../excel/generate";
import type { SheetPlan } from "../../sheet/plan";
import type { FormulaStyle } from "../../sheet/contract";
import { districtSummaryName, planDistrictSummary } from "../../sheet/planDistrictSummary";
import { planWorkbook } from "../../sheet/planWorkbook";
import type { PendingReplace, ScreenProps } from "../ui";
import { ConfirmReplace, Notice, Problem, ProgressNote, Stack, useAction } from "../ui";

/**
 * District names from what an analyst types or pastes: one per line, or a list separated by
 * commas, 、 or semicolons (a column copied from Excel arrives one per line); blanks and repeats
 * dropped.
 *
 * @example parseDistricts("和平区、河西区\n南开区") // ["和平区", "河西区", "南开区"]
 */
export function parseDistricts(text: string): string[] {
  const seen = new Set<string>();
  return text
    .split(/[\r\n\t,，、;；]+/)
    .map((d) => d.trim())
    .filter((d) => d !== "" && !seen.has(d) && seen.add(d) !== undefined);
}

export function GenerateScreen({ t, language, pack, host }: ScreenProps) {
  const [districts, setDistricts] = useState("");
  const [workbookLanguage, setWorkbookLanguage] = useState<Language>(language);
  const [mode, setMode] = useState<AssessmentMode>("full");
  const [formulaStyle, setFormulaStyle] = useState<FormulaStyle>("portable");
  const [summary, setSummary] = useState(true);
  const [pending, setPending] = useState<PendingReplace | null>(null);
  const [done, setDone] = useState<(GenerateResult & { sheets: string[] }) | null>(null);
  const [missing, setMissing] = useState(false);
  const { busy, progress, error, run } = useAction(t);
  const list = parseDistricts(districts);

  const start = () => {
    setDone(null);
    setMissing(list.length === 0);
    if (list.length === 0) return;
    void run(async (report) => {
      const planned = planWorkbook(pack, {
        language: workbookLanguage,
        mode,
        formulaStyle,
        districts: list,
      });
      const extra: SheetPlan[] = [];
      if (summary && planned.sheets.length > 1) {
        const taken = new Set(planned.sheets.map((s) => s.plan.name.toLowerCase()));
        let name = districtSummaryName(workbookLanguage);
        for (let n = 2; taken.has(name.toLowerCase()); n++)
          name = `${districtSummaryName(workbookLanguage)} (${n})`;
        extra.push(planDistrictSummary(pack, planned.sheets, workbookLanguage, name));
      }
      const names = [...planned.sheets.map((s) => s.plan.name), ...extra.map((s) => s.name)];
      const write = async (progress: typeof report) => {
        const result = await host.generate(planned, pack, extra, (finished, total) =>
          progress({
            label: t.writing(Math.min(finished + 1, total), total),
            value: finished / total,
          }),
        );
        setDone({ ...result, sheets: names });
      };
      // Every action that would overwrite something asks first (SPEC §6).
      const existing = await host.existingSheets(names);
      if (existing.length > 0) setPending({ run: () => run(write), existing });
      else await write(report);
    });
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        start();
      }}
    >
      <Stack>
        <Field
          label={t.districts}
          hint={t.districtsHint}
          validationMessage={missing ? t.noDistricts : undefined}
        >
          <Textarea
            name="districts"
            data-testid="districts"
            value={districts}
            onChange={(_, d) => setDistricts(d.value)}
            rows={4}
            resize="vertical"
          />
        </Field>
        <Field label={t.workbookLanguage}>
          <RadioGroup
            layout="horizontal"
            value={workbookLanguage}
            onChange={(_, d) => setWorkbookLanguage(d.value as Language)}
          >
            <Radio value="zh-CN" label="中文（简体）" data-testid="lang-zh-CN" />
            <Radio value="en-US" label="English" data-testid="lang-en-US" />
          </RadioGroup>
        </Field>
        <Field label={t.mode}>
          <RadioGroup value={mode} onChange={(_, d) => setMode(d.value as AssessmentMode)}>
            <Radio value="full" label={t.modeFull} />
            <Radio value="quick" label={t.modeQuick} data-testid="mode-quick" />
          </RadioGroup>
        </Field>
        <Field label={t.formulaStyle}>
          <RadioGroup
            value={formulaStyle}
            onChange={(_, d) => setFormulaStyle(d.value as FormulaStyle)}
          >
            <Radio value="portable" label={t.formulasPortable} />
            <Radio value="addin" label={t.formulasAddin} data-testid="formulas-addin" />
          </RadioGroup>
        </Field>
        {list.length > 1 && (
          <Field hint={t.summaryHint}>
            <Checkbox
              checked={summary}
              onChange={(_, d) => setSummary(d.checked === true)}
              label={t.summarySheet}
            />
          </Field>
        )}
        <div>
          <Button appearance="primary" type="submit" disabled={busy} data-testid="generate">
            {t.generate}
          </Button>
        </div>
        <ProgressNote progress={progress} />
        <Problem error={error} language={language} />
        {done && (
          <Notice>
            {t.generated(done.sheets)}
            {done.kept.length > 0 && <> {t.keptEntries(done.kept)}</>}
            {done.dropped.length > 0 && (
              <> {t.droppedItems(done.dropped.map((d) => `${d.sheet} ${d.itemId}`))}</>
            )}
          </Notice>
        )}
      </Stack>
      <ConfirmReplace
        pending={pending}
        onClose={() => setPending(null)}
        t={t}
        body={t.replaceBody}
        confirm={t.replaceKeep}
      />
    </form>
  );
}
