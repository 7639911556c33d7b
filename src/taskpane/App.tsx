import {
  Caption1,
  FluentProvider,
  MessageBar,
  MessageBarBody,
  Subtitle2,
  Tab,
  TabList,
  Text,
  Title3,
  makeStyles,
  tokens,
  webLightTheme,
} from "@fluentui/react-components";
import { useState } from "react";
import type { ModelPack } from "../model";
import { MESSAGES, type UiLanguage } from "./i18n";
import { GenerateScreen, ImproveScreen, ResultsScreen, ValidateScreen } from "./screens";
import type { WorkbookService } from "./workbookService";

/** What the pane shows about the active model pack. */
export interface ModelSummary {
  readonly id: string;
  readonly version: string;
}

export interface AppProps {
  readonly language: UiLanguage;
  readonly model: ModelSummary;
  /** False in a plain browser: the pane then explains how to open it in Excel. */
  readonly inExcel: boolean;
  /** The workbook to work on, with the pack to work with; absent outside Excel. */
  readonly workbook?: { readonly service: WorkbookService; readonly pack: ModelPack };
}

type Screen = "generate" | "validate" | "results" | "improve";
const SCREENS = {
  generate: GenerateScreen,
  validate: ValidateScreen,
  results: ResultsScreen,
  improve: ImproveScreen,
};

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalL,
    padding: tokens.spacingHorizontalL,
    minHeight: "100vh",
    boxSizing: "border-box",
  },
  header: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXS },
  facts: {
    display: "grid",
    gridTemplateColumns: "max-content 1fr",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  value: { margin: 0, wordBreak: "break-all" },
});

/** The task pane: generate, validate, results and improvement path (SPEC §6), and the active model. */
export function App({ language, model, inExcel, workbook }: AppProps) {
  const styles = useStyles();
  const t = MESSAGES[language];
  const [screen, setScreen] = useState<Screen>("generate");
  const Current = SCREENS[screen];
  return (
    <FluentProvider theme={webLightTheme} lang={language} className={styles.root}>
      <header className={styles.header}>
        <Title3 as="h1">{t.title}</Title3>
        <Caption1>{t.subtitle}</Caption1>
      </header>
      {!inExcel && (
        <MessageBar intent="info">
          <MessageBarBody>{t.outsideExcel}</MessageBarBody>
        </MessageBar>
      )}
      {workbook && (
        <>
          <TabList selectedValue={screen} onTabSelect={(_, d) => setScreen(d.value as Screen)}>
            {(Object.keys(SCREENS) as Screen[]).map((key) => (
              <Tab key={key} value={key} data-testid={`tab-${key}`}>
                {t.tabs[key]}
              </Tab>
            ))}
          </TabList>
          <Current t={t} language={language} pack={workbook.pack} service={workbook.service} />
        </>
      )}
      <section aria-labelledby="active-model">
        <Subtitle2 as="h2" id="active-model">
          {t.activeModel}
        </Subtitle2>
        <dl className={styles.facts}>
          <dt>
            <Text weight="semibold">{t.modelPack}</Text>
          </dt>
          <dd className={styles.value}>
            <Text>{model.id}</Text>
          </dd>
          <dt>
            <Text weight="semibold">{t.modelVersion}</Text>
          </dt>
          <dd className={styles.value}>
            <Text>{model.version}</Text>
          </dd>
        </dl>
      </section>
    </FluentProvider>
  );
}
