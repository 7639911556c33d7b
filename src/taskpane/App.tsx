import {
  Caption1,
  FluentProvider,
  MessageBar,
  MessageBarBody,
  Subtitle2,
  Text,
  Title3,
  makeStyles,
  tokens,
  webLightTheme,
} from "@fluentui/react-components";
import { MESSAGES, type UiLanguage } from "./i18n";

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
}

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

/** The task pane. For now it only shows which model is active; the screens of §6 grow from here. */
export function App({ language, model, inExcel }: AppProps) {
  const styles = useStyles();
  const t = MESSAGES[language];
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
