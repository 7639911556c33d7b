/** How Excel stores what is typed or written to `values`/`formulas`. */
import { FakeExcelError } from "./errors";
import { formulaSyntaxError } from "./formulaSyntax";
import type { FakeCell, FakeSheet } from "./workbook";
import { cellKey } from "./workbook";

/** What one input becomes in a cell. */
export interface ParsedInput {
  readonly value: FakeCell["value"];
  readonly formula?: string;
  readonly error?: string;
  readonly quotePrefix?: boolean;
}

const ERRORS = ["#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!"];

/**
 * Parses one input as Excel parses typed input: "=…", "+…", "-…" and "@…" become formulas
 * (refused with `InvalidArgument` when they do not parse), numbers, booleans and ISO dates become
 * values, and only a leading "'" (or the text format "@") keeps text as text.
 */
export function parseInput(input: unknown, numberFormat: string | undefined): ParsedInput {
  if (typeof input === "number" || typeof input === "boolean") return { value: input };
  if (input === null || input === undefined || input === "") return { value: null };
  const text = String(input);
  const trimmed = text.trim();
  const number = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?%?$/i.test(trimmed);
  const date = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(trimmed);
  if (text.startsWith("'")) return { value: text.slice(1), quotePrefix: true };
  if (numberFormat === "@") return { value: text };
  if (text.startsWith("=")) return { value: null, formula: checkedFormula(text) };
  if (number) return { value: text.endsWith("%") ? parseFloat(trimmed) / 100 : Number(trimmed) };
  // A lone sign stays text; anything longer after a sign is a formula.
  if (/^[+\-@]./s.test(text))
    return { value: null, formula: checkedFormula(`=${text.replace(/^@/, "")}`) };
  if (/^(true|false)$/i.test(text)) return { value: text.toLowerCase() === "true" };
  if (date) return { value: Date.UTC(+date[1]!, +date[2]! - 1, +date[3]!) / 86_400_000 + 25_569 };
  if (ERRORS.includes(text.toUpperCase())) return { value: null, error: text.toUpperCase() };
  return { value: text };
}

/** The formula, or `InvalidArgument` when Excel would refuse it. */
export function checkedFormula(formula: string): string {
  const problem = formulaSyntaxError(formula);
  if (problem) throw new FakeExcelError("InvalidArgument", `${problem}: ${formula.slice(0, 80)}`);
  return formula;
}

/** Stores a parsed input, keeping the cell's formats. */
export function storeInput(
  sheet: FakeSheet,
  row: number,
  column: number,
  input: ParsedInput,
): void {
  const cell = sheet.cells.get(cellKey(row, column)) ?? { value: null, format: {} };
  delete cell.formula;
  delete cell.error;
  delete cell.quotePrefix;
  cell.value = input.value;
  if (input.formula !== undefined) cell.formula = input.formula;
  if (input.error !== undefined) cell.error = input.error;
  if (input.quotePrefix) cell.quotePrefix = true;
  sheet.cells.set(cellKey(row, column), cell);
}
