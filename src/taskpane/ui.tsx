/** Small pieces every screen uses: running an action with progress, and showing its outcome. */
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Spinner,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useRef, useState } from "react";
import type { Assessment, ModelPack } from "../model";
import { ExcelAdapterError } from "../excel/errors";
import type { SheetAssessment } from "../sheet/readAssessment";
import { listAssessmentSheets, readSheetAssessment, sheetThreshold } from "../sheet/readAssessment";
import { readSheetEntries } from "../sheet/entries";
import { matchPack } from "../sheet/matchPack";
import { scoreReviewed, scoreSheet } from "../sheet/scoreSheet";
import { describeError, OtherModelError } from "./describeError";
import type { WorkbookHost } from "./host";
import type { Messages, UiLanguage } from "./i18n";

/** The active sheet, read and scored as it scores itself (at the threshold its formulas use). */
export interface ActiveAssessment {
  readonly read: SheetAssessment;
  readonly result: Assessment;
  readonly threshold: number;
  /** On a review workbook's district sheet, the reviewed ratings' results. */
  readonly reviewed: Assessment | null;
}

/** Reads the active sheet; refuses, with a message that says what to do, if it is no assessment. */
export async function readActiveAssessment(
  host: WorkbookHost,
  pack: ModelPack,
): Promise<ActiveAssessment> {
  const grid = await host.read("active");
  const sheet = listAssessmentSheets(grid)[0];
  if (sheet === undefined) throw new ExcelAdapterError("notAssessment", null, "not an assessment");
  const read = readSheetAssessment(grid, sheet);
  const match = matchPack(read.metadata, pack);
  if (match.status === "mismatch")
    throw new OtherModelError(
      `${match.sheet.id} ${match.sheet.version}`,
      `${match.pack.id} ${match.pack.version}`,
    );
  // Scored as the CLI scores it: a rating off the scale counts as blank (validation says where).
  const { result } = scoreSheet(grid, sheet, pack, read);
  const entries = read.metadata?.kind === "review" ? readSheetEntries(grid, sheet) : null;
  const reviewed = entries?.reviewed ? scoreReviewed(read, entries.reviewed, pack).result : null;
  return { read, result, threshold: sheetThreshold(read.metadata, pack), reviewed };
}

/** What every screen gets. */
export interface ScreenProps {
  readonly t: Messages;
  readonly language: UiLanguage;
  readonly pack: ModelPack;
  readonly host: WorkbookHost;
}

export interface Progress {
  readonly label: string;
  /** 0..1, or null for "working, no idea how long". */
  readonly value: number | null;
}

/**
 * One action at a time: while it runs the screen shows progress; when it fails, a message that
 * says what happened and what to do (never a blank pane or a console-only error).
 */
export function useAction(t: Messages) {
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<unknown>(null);
  const running = useRef(false);
  const run = useCallback(
    async (action: (report: (p: Progress) => void) => Promise<void>) => {
      if (running.current) return;
      running.current = true;
      setProgress({ label: t.working, value: null });
      setError(null);
      try {
        await action(setProgress);
      } catch (e) {
        setError(e ?? new Error("unknown"));
      } finally {
        running.current = false;
        setProgress(null);
      }
    },
    [t],
  );
  return { busy: progress !== null, progress, error, run, clearError: () => setError(null) };
}

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  details: { margin: 0, paddingLeft: tokens.spacingHorizontalL, wordBreak: "break-word" },
});

export function Stack({ children }: { children: React.ReactNode }) {
  return <div className={useStyles().stack}>{children}</div>;
}

export function ProgressNote({ progress }: { progress: Progress | null }) {
  if (progress === null) return null;
  return progress.value === null ? (
    <Spinner size="tiny" label={progress.label} data-testid="progress" />
  ) : (
    <div data-testid="progress">
      <ProgressBar value={progress.value} />
      <span>{progress.label}</span>
    </div>
  );
}

/** A failure, worded for the analyst: what happened, what to do, and Excel's own words. */
export function Problem({ error, language }: { error: unknown; language: UiLanguage }) {
  const styles = useStyles();
  if (error === null) return null;
  const { title, action, details } = describeError(error, language);
  return (
    <MessageBar intent="error" layout="multiline" data-testid="problem">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle> {action}
        {details.length > 0 && (
          <ul className={styles.details}>
            {details.slice(0, 20).map((d, i) => (
              <li key={i}>{d}</li>
            ))}
          </ul>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}

export function Notice({
  intent = "success",
  children,
  testId = "notice",
}: {
  intent?: "success" | "info" | "warning";
  children: React.ReactNode;
  testId?: string;
}) {
  return (
    <MessageBar intent={intent} layout="multiline" data-testid={testId}>
      <MessageBarBody>{children}</MessageBarBody>
    </MessageBar>
  );
}

/** An action held until the user confirms that it may replace these existing sheets. */
export interface PendingReplace {
  readonly run: () => Promise<void>;
  readonly existing: readonly string[];
  /** What replacing these sheets means, when this action says it otherwise than the screen. */
  readonly body?: (existing: readonly string[]) => React.ReactNode;
  /** The question, when the action replaces something other than sheets. */
  readonly title?: string;
}

/**
 * Asks before an action replaces existing sheets (SPEC §6: every action that would overwrite
 * entries asks first), naming them; the action runs only on confirmation.
 */
export function ConfirmReplace({
  pending,
  onClose,
  t,
  body,
  confirm,
}: {
  pending: PendingReplace | null;
  onClose: () => void;
  t: Messages;
  body: (existing: readonly string[]) => React.ReactNode;
  confirm: string;
}) {
  return (
    <Dialog open={pending !== null} modalType="alert" onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface data-testid="confirm">
        <DialogBody>
          <DialogTitle>{pending?.title ?? t.replaceTitle}</DialogTitle>
          <DialogContent>{pending && (pending.body ?? body)(pending.existing)}</DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              data-testid="replace"
              onClick={() => {
                const action = pending!.run;
                onClose();
                void action();
              }}
            >
              {confirm}
            </Button>
            <Button data-testid="cancel" onClick={onClose}>
              {t.cancel}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
