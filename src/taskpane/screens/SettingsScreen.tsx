import {
  Button,
  Caption1,
  Field,
  Input,
  Radio,
  RadioGroup,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useRef, useState } from "react";
import type { ModelPack } from "../../model";
import { BUILTIN_PACK, describePack } from "../../model";
import type { Messages, UiLanguage } from "../i18n";
import type { PaneSettings } from "../settings";
import { isThreshold, readPackJson } from "../settings";
import { Notice, Problem, ProgressNote, Stack, useAction } from "../ui";

const useStyles = makeStyles({
  row: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "end" },
  hidden: { display: "none" },
});

export interface SettingsScreenProps {
  readonly t: Messages;
  readonly language: UiLanguage;
  readonly pack: ModelPack;
  readonly settings: PaneSettings;
  /** Saves the settings in the workbook and makes them active (pane and functions). */
  readonly save: (settings: PaneSettings) => Promise<void>;
}

export function SettingsScreen({ t, language, pack, settings, save }: SettingsScreenProps) {
  const styles = useStyles();
  const file = useRef<HTMLInputElement>(null);
  const [threshold, setThreshold] = useState(String(settings.threshold ?? pack.threshold));
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, progress, error, run } = useAction(t);
  const thresholdValue = Number(threshold.replace(",", "."));
  const thresholdOk = threshold.trim() !== "" && isThreshold(thresholdValue);
  const basePack = settings.pack === null ? BUILTIN_PACK : readBase(settings.pack);

  const apply = (next: PaneSettings, message: string) =>
    run(async () => {
      setNotice(null);
      await save(next);
      setNotice(message);
    });

  return (
    <Stack>
      <Field label={t.uiLanguage}>
        <RadioGroup
          value={settings.uiLanguage}
          onChange={(_, d) =>
            void apply(
              { ...settings, uiLanguage: d.value as PaneSettings["uiLanguage"] },
              t.settingsSaved,
            )
          }
        >
          <Radio value="auto" label={t.followOffice} data-testid="ui-auto" />
          <Radio value="zh-CN" label="中文（简体）" data-testid="ui-zh-CN" />
          <Radio value="en-US" label="English" data-testid="ui-en-US" />
        </RadioGroup>
      </Field>
      <Field
        label={t.threshold}
        hint={`${t.thresholdHint}${basePack.threshold}`}
        validationMessage={thresholdOk ? undefined : t.thresholdInvalid}
      >
        <div className={styles.row}>
          <Input
            data-testid="threshold"
            inputMode="decimal"
            value={threshold}
            onChange={(_, d) => setThreshold(d.value)}
          />
          <Button
            disabled={busy || !thresholdOk}
            data-testid="save-threshold"
            onClick={() =>
              void apply(
                {
                  ...settings,
                  threshold: thresholdValue === basePack.threshold ? null : thresholdValue,
                },
                t.settingsSaved,
              )
            }
          >
            {t.save}
          </Button>
        </div>
      </Field>
      <Field label={t.activeModel}>
        <Text data-testid="active-pack">
          {pack.title[language]} — {describePack(pack)}
        </Text>
      </Field>
      <div className={styles.row}>
        <Button disabled={busy} data-testid="load-pack" onClick={() => file.current?.click()}>
          {t.loadPack}
        </Button>
        {settings.pack !== null && (
          <Button
            disabled={busy}
            data-testid="builtin-pack"
            onClick={() => void apply({ ...settings, pack: null }, t.settingsSaved)}
          >
            {t.useBuiltin}
          </Button>
        )}
        <input
          ref={file}
          type="file"
          accept=".json,application/json"
          className={styles.hidden}
          data-testid="pack-file"
          onChange={(e) => {
            const chosen = e.target.files?.[0];
            e.target.value = ""; // choosing the same file again still loads it
            if (!chosen) return;
            void run(async () => {
              setNotice(null);
              const text = await chosen.text();
              const loaded = readPackJson(text); // refused packs say what and where
              await save({ ...settings, pack: text });
              setNotice(t.packLoaded(`${chosen.name} (${describePack(loaded)})`));
            });
          }}
        />
      </div>
      <Caption1>{t.settingsNote}</Caption1>
      <ProgressNote progress={progress} />
      <Problem error={error} language={language} />
      {notice && <Notice>{notice}</Notice>}
    </Stack>
  );
}

/** The stored pack without the threshold override, for showing the pack's own threshold. */
function readBase(text: string): ModelPack {
  try {
    return readPackJson(text);
  } catch {
    return BUILTIN_PACK;
  }
}
