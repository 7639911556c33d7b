import {
  Caption1,
  FluentProvider,
  MessageBar,
  MessageBarBody,
  Tab,
  TabList,
  Title3,
  makeStyles,
  tokens,
  webLightTheme,
} from "@fluentui/react-components";
import { useMemo, useState } from "react";
import type { ModelPack } from "../model";
import { describePack } from "../model";
import type { SettingsStore, WorkbookHost } from "./host";
import type { UiLanguage } from "./i18n";
import { MESSAGES } from "./i18n";
import { ConsolidateScreen } from "./screens/ConsolidateScreen";
import { GenerateScreen } from "./screens/GenerateScreen";
import { ImproveScreen } from "./screens/ImproveScreen";
import { ResultsScreen } from "./screens/ResultsScreen";
import { SettingsScreen } from "./screens/SettingsScreen";
import { ValidateScreen } from "./screens/ValidateScreen";
import type { PaneSettings } from "./settings";
import { activePackOf, parseSettings } from "./settings";

/** Where the pane finds itself. */
export type PaneStatus =
  /** In Excel with everything the add-in needs. */
  | { readonly kind: "ready"; readonly host: WorkbookHost; readonly settings: SettingsStore }
  /** In a plain browser (or office.js could not load): the pane explains how to open it. */
  | { readonly kind: "outside" }
  /** In an Excel without ExcelApi 1.9. */
  | { readonly kind: "tooOld" };

export interface AppProps {
  /** The language Office displays (or the browser's, outside Office). */
  readonly displayLanguage: UiLanguage;
  readonly status: PaneStatus;
  /** Told whenever the active pack changes (the custom functions' store). */
  readonly onPackChange?: (pack: ModelPack) => void;
}

type Screen = "generate" | "validate" | "results" | "improve" | "consolidate" | "settings";
const SCREENS: readonly Screen[] = [
  "generate",
  "validate",
  "results",
  "improve",
  "consolidate",
  "settings",
];

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    minHeight: "100vh",
    boxSizing: "border-box",
  },
  header: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXXS },
  tabs: { flexWrap: "wrap" },
  footer: { marginTop: "auto", color: tokens.colorNeutralForeground3 },
});

/**
 * The task pane (SPEC §6): generate, validate, results, improvement path, consolidate and
 * settings.
 */
export function App({ displayLanguage, status, onPackChange }: AppProps) {
  const styles = useStyles();
  const [settings, setSettings] = useState<PaneSettings>(() =>
    status.kind === "ready" ? parseSettings(status.settings.read()) : parseSettings(null),
  );
  const [screen, setScreen] = useState<Screen>("generate");
  const language = settings.uiLanguage === "auto" ? displayLanguage : settings.uiLanguage;
  const t = MESSAGES[language];
  const { pack, problem } = useMemo(() => activePackOf(settings), [settings]);
  const save = async (next: PaneSettings) => {
    if (status.kind !== "ready") return;
    await status.settings.write(next);
    setSettings(next);
    onPackChange?.(activePackOf(next).pack);
  };

  let body: React.ReactNode;
  if (status.kind === "outside") {
    body = (
      <MessageBar intent="info" layout="multiline">
        <MessageBarBody>{t.outsideExcel}</MessageBarBody>
      </MessageBar>
    );
  } else if (status.kind === "tooOld") {
    body = (
      <MessageBar intent="error" layout="multiline" data-testid="too-old">
        <MessageBarBody>{t.tooOld}</MessageBarBody>
      </MessageBar>
    );
  } else {
    const props = { t, language, pack, host: status.host };
    body = (
      <>
        <TabList
          className={styles.tabs}
          size="small"
          selectedValue={screen}
          onTabSelect={(_, d) => setScreen(d.value as Screen)}
        >
          {SCREENS.map((key) => (
            <Tab key={key} value={key} data-testid={`tab-${key}`}>
              {t.tabs[key]}
            </Tab>
          ))}
        </TabList>
        {problem && (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>{problem}</MessageBarBody>
          </MessageBar>
        )}
        {/* Screens stay mounted, so switching tabs keeps what each one shows. */}
        {SCREENS.map((key) => (
          <div key={key} hidden={key !== screen} role="tabpanel" data-testid={`screen-${key}`}>
            {key === "generate" && <GenerateScreen {...props} />}
            {key === "validate" && <ValidateScreen {...props} />}
            {key === "results" && <ResultsScreen {...props} />}
            {key === "improve" && <ImproveScreen {...props} />}
            {key === "consolidate" && <ConsolidateScreen {...props} />}
            {key === "settings" && (
              <SettingsScreen
                t={t}
                language={language}
                pack={pack}
                settings={settings}
                save={save}
              />
            )}
          </div>
        ))}
      </>
    );
  }
  return (
    <FluentProvider theme={webLightTheme} lang={language} className={styles.root}>
      <header className={styles.header}>
        <Title3 as="h1">{t.title}</Title3>
        <Caption1>{t.subtitle}</Caption1>
      </header>
      {body}
      <footer className={styles.footer}>
        <Caption1 data-testid="model">
          {t.activeModel}
          {language === "zh-CN" ? "：" : ": "}
          {describePack(pack)} · {t.threshold} {pack.threshold}
        </Caption1>
      </footer>
    </FluentProvider>
  );
}
