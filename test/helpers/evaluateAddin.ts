import { toExcelError } from "../../src/functions/excelError";
import type { FunctionContext } from "../../src/functions/library";
import { levelOf, levelScoresOf, scoreOf } from "../../src/functions/library";
import { address, parseRange } from "../../src/sheet/a1";
import { cellKey } from "../../src/sheet/grid";
import type { CellPlan, RangePlan, SheetPlan } from "../../src/sheet/plan";

/**
 * A tiny evaluator for exactly the formulas of the add-in style (there is no Excel here): the
 * CTMM.* custom functions called through the library, and the few Excel 2007 functions and
 * operators the style wraps them in. References are A1 cells and ranges (relative or absolute)
 * and the sheet's own names, resolved against a filled plan. Anything else — another function,
 * operator or reference shape — throws, so a test cannot pass on a formula it did not evaluate.
 *
 * @example
 * const sheet = evaluateAddinSheet(filled.sheets[0]!, { pack: BUILTIN_PACK, language: "en-US" });
 * sheet.valueAt(7, 2); // 3, "N/A", or an error such as { code: "#VALUE!" }
 */
export function evaluateAddinSheet(sheet: SheetPlan, context: FunctionContext): AddinSheet {
  return new AddinSheet(sheet, context);
}

/** An Excel error value, e.g. #N/A. */
export class ErrorValue {
  constructor(readonly code: string) {}
}

export type Scalar = number | string | boolean | null | ErrorValue;

type Node =
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "text"; readonly value: string }
  | { readonly kind: "array"; readonly rows: readonly (readonly number[])[] }
  | { readonly kind: "range"; readonly range: RangePlan }
  | { readonly kind: "name"; readonly name: string }
  | { readonly kind: "call"; readonly name: string; readonly args: readonly Node[] }
  | {
      readonly kind: "binary";
      readonly op: "=" | "&" | "+";
      readonly left: Node;
      readonly right: Node;
    };

/** What an expression gives before it lands in a cell: a value, an array or a reference. */
type Result = Scalar | { readonly matrix: Scalar[][] } | { readonly range: RangePlan };

/** A custom function and how Excel passes each parameter: a range's values, or one value. */
interface CustomFunction {
  readonly run: (ctx: FunctionContext, ...args: unknown[]) => number | number[][];
  readonly params: readonly ("matrix" | "scalar")[];
}

// As functions.ts declares them: ratings any[][], weights number[][], threshold number.
const CUSTOM_FUNCTIONS: Record<string, CustomFunction> = {
  "CTMM.LEVEL": { run: levelOf, params: ["matrix", "matrix", "scalar"] },
  "CTMM.SCORE": { run: scoreOf, params: ["matrix", "matrix", "scalar"] },
  "CTMM.LEVELSCORES": { run: levelScoresOf, params: ["matrix", "matrix"] },
};

export class AddinSheet {
  private readonly cells: Map<string, CellPlan>;
  private readonly names: Map<string, RangePlan>;
  private readonly values = new Map<string, Scalar>();
  private readonly pending = new Set<string>();

  constructor(
    readonly plan: SheetPlan,
    private readonly context: FunctionContext,
  ) {
    this.cells = new Map(plan.cells.map((c) => [cellKey(c.row, c.column), c]));
    this.names = new Map(plan.names.map((n) => [n.name.toUpperCase(), n.range]));
  }

  /** The value of a cell (0-based): its formula's result, or what was entered. */
  valueAt(row: number, column: number): Scalar {
    const key = cellKey(row, column);
    const known = this.values.get(key);
    if (known !== undefined) return known;
    const cell = this.cells.get(key);
    if (cell?.formula === undefined) return cell?.value ?? null;
    if (this.pending.has(key)) throw new Error(`circular reference at ${address(row, column)}`);
    this.pending.add(key);
    let value: Scalar;
    try {
      value = this.scalar(this.evaluate(parseFormula(cell.formula)));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new Error(`${address(row, column)} =${cell.formula}: ${detail}`, { cause: error });
    } finally {
      this.pending.delete(key);
    }
    this.values.set(key, value);
    return value;
  }

  private evaluate(node: Node): Result {
    switch (node.kind) {
      case "number":
      case "text":
        return node.value;
      case "array":
        return { matrix: node.rows.map((row) => [...row]) };
      case "range":
        return { range: node.range };
      case "name": {
        const range = this.names.get(node.name.toUpperCase());
        if (!range) throw new Error(`unknown name ${node.name}`);
        return { range };
      }
      case "binary":
        return this.binary(node.op, this.scalar(this.evaluate(node.left)), () =>
          this.scalar(this.evaluate(node.right)),
        );
      case "call":
        return this.call(node.name, node.args);
    }
  }

  private call(name: string, args: readonly Node[]): Result {
    const arity = (n: number) => {
      if (args.length !== n)
        throw new Error(`${name} takes ${n} arguments here, not ${args.length}`);
    };
    const scalarArg = (i: number) => this.scalar(this.evaluate(args[i]!));
    const custom = CUSTOM_FUNCTIONS[name];
    if (custom) {
      if (args.length > custom.params.length) throw new Error(`${name} has too many arguments`);
      const values = args.map((arg, i) => {
        const result = this.evaluate(arg);
        return custom.params[i] === "scalar" ? this.scalar(result) : this.matrix(result);
      });
      try {
        const result = custom.run(this.context, ...values);
        return typeof result === "number" ? result : { matrix: result };
      } catch (error) {
        return new ErrorValue((toExcelError(error) as { code: string }).code);
      }
    }
    switch (name) {
      case "IF": {
        arity(3);
        const condition = scalarArg(0);
        if (condition instanceof ErrorValue) return condition;
        if (typeof condition === "string") return new ErrorValue("#VALUE!");
        return this.evaluate(args[condition ? 1 : 2]!);
      }
      case "ISNA": {
        arity(1);
        const value = scalarArg(0);
        return value instanceof ErrorValue && value.code === "#N/A";
      }
      case "ISNUMBER":
        arity(1);
        return typeof scalarArg(0) === "number";
      case "INDEX": {
        arity(3);
        const array = this.matrix(this.evaluate(args[0]!));
        if (array instanceof ErrorValue) return array;
        const row = scalarArg(1);
        const column = scalarArg(2);
        if (row instanceof ErrorValue) return row;
        if (column instanceof ErrorValue) return column;
        if (typeof row !== "number" || typeof column !== "number")
          throw new Error("INDEX position is not a number");
        const value = array[Math.trunc(row) - 1]?.[Math.trunc(column) - 1];
        return value === undefined ? new ErrorValue("#REF!") : value;
      }
      case "CHOOSE": {
        if (args.length < 2) throw new Error("CHOOSE needs a choice");
        const index = scalarArg(0);
        if (index instanceof ErrorValue) return index;
        if (typeof index !== "number") throw new Error("CHOOSE index is not a number");
        const choice = args[Math.trunc(index)];
        return index >= 1 && choice ? this.evaluate(choice) : new ErrorValue("#VALUE!");
      }
      case "ROUNDDOWN":
      case "FIXED": {
        arity(2);
        const value = scalarArg(0);
        const digits = scalarArg(1);
        if (value instanceof ErrorValue) return value;
        if (digits instanceof ErrorValue) return digits;
        if (typeof value !== "number" || typeof digits !== "number" || !Number.isInteger(digits))
          throw new Error(`${name} of ${JSON.stringify(value)}, ${JSON.stringify(digits)}`);
        return name === "ROUNDDOWN" ? roundDown(value, digits) : fixed(value, digits);
      }
      default:
        throw new Error(`unknown function ${name}`);
    }
  }

  private binary(op: "=" | "&" | "+", left: Scalar, right: () => Scalar): Scalar {
    if (left instanceof ErrorValue) return left;
    const other = right();
    if (other instanceof ErrorValue) return other;
    if (op === "&") return text(left) + text(other);
    if (op === "+") {
      const a = left ?? 0;
      const b = other ?? 0;
      if (typeof a !== "number" || typeof b !== "number") return new ErrorValue("#VALUE!");
      return a + b;
    }
    if (typeof left === "string" && typeof other === "string")
      return left.toLowerCase() === other.toLowerCase();
    return left === other;
  }

  /** A value where one value is wanted: a single-cell reference reads that cell. */
  private scalar(result: Result): Scalar {
    if (typeof result !== "object" || result === null || result instanceof ErrorValue)
      return result;
    if ("range" in result) {
      const { top, left, bottom, right } = result.range;
      if (top !== bottom || left !== right)
        throw new Error("a range where one value is wanted (implicit intersection)");
      return this.valueAt(top, left);
    }
    throw new Error("an array where one value is wanted");
  }

  /**
   * Rows of values, as Excel hands a range to a custom function's matrix parameter (blank cells
   * as "") and to INDEX: an array as is, one value as a 1×1 array, an error as itself.
   */
  private matrix(result: Result): Scalar[][] | ErrorValue {
    if (result instanceof ErrorValue) return result;
    if (typeof result !== "object" || result === null) return [[result]];
    if ("matrix" in result) return result.matrix;
    const { top, left, bottom, right } = result.range;
    const rows: Scalar[][] = [];
    for (let row = top; row <= bottom; row++) {
      const values: Scalar[] = [];
      for (let column = left; column <= right; column++)
        values.push(this.valueAt(row, column) ?? "");
      rows.push(values);
    }
    return rows;
  }
}

/** Text of a value for '&'. Only whole numbers: the style joins levels, never fractions. */
function text(value: Exclude<Scalar, ErrorValue>): string {
  if (value === null) return "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number" && !Number.isInteger(value))
    throw new Error(`joining the fraction ${value} as text (its format is not modelled)`);
  return String(value);
}

/** Excel works to 15 significant digits: 0.29 × 100 is 29 to it, not 28.999999999999996. */
function clean(value: number): number {
  return Number(value.toPrecision(15));
}

function roundDown(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.trunc(clean(value * factor)) / factor;
}

/** FIXED(x, d): rounded half away from zero, as text with d decimals (no grouping needed here). */
function fixed(value: number, digits: number): string {
  if (Math.abs(value) >= 1000 || digits < 0)
    throw new Error(`FIXED(${value},${digits}): thousands separators are not modelled`);
  const factor = 10 ** digits;
  const rounded = (Math.sign(value) * Math.round(clean(Math.abs(value) * factor))) / factor;
  return rounded.toFixed(digits);
}

// ---------------------------------------------------------------------------------------------
// Parsing: number, "text", {1}, A1 / $A$1 / A1:B2, a name, FN(args), and = & + by Excel's
// precedence (comparison below '&' below '+'). Nothing else.

const TOKEN =
  /\s*(?:(\d+(?:\.\d+)?)|"((?:[^"]|"")*)"|(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)(?![\w.(])|([A-Z][A-Z0-9_.]*)(?=\()|([A-Za-z_][A-Za-z0-9_]*)|([(),{}=&+]))/y;

type Token =
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "text"; readonly value: string }
  | { readonly kind: "reference"; readonly value: string }
  | { readonly kind: "function"; readonly value: string }
  | { readonly kind: "name"; readonly value: string }
  | { readonly kind: "punct"; readonly value: string };

function tokenize(formula: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < formula.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(formula);
    if (!match) throw new Error(`cannot read the formula from "${formula.slice(at, at + 20)}"`);
    const [, number, quoted, reference, fn, name, punct] = match;
    if (number !== undefined) tokens.push({ kind: "number", value: Number(number) });
    else if (quoted !== undefined) tokens.push({ kind: "text", value: quoted.replace(/""/g, '"') });
    else if (reference !== undefined) tokens.push({ kind: "reference", value: reference });
    else if (fn !== undefined) tokens.push({ kind: "function", value: fn });
    else if (name !== undefined) tokens.push({ kind: "name", value: name });
    else if (punct !== undefined) tokens.push({ kind: "punct", value: punct });
  }
  return tokens;
}

const cache = new Map<string, Node>();

/** Parses a formula (without '=') of the shapes above; throws on anything else. */
export function parseFormula(formula: string): Node {
  const cached = cache.get(formula);
  if (cached) return cached;
  const tokens = tokenize(formula);
  let position = 0;
  const peek = () => tokens[position];
  const isPunct = (value: string) => peek()?.kind === "punct" && peek()!.value === value;
  const expect = (value: string) => {
    if (!isPunct(value)) throw new Error(`expected "${value}" at token ${position + 1}`);
    position++;
  };

  const binary = (ops: readonly ("=" | "&" | "+")[], operand: () => Node) => (): Node => {
    let left = operand();
    for (let op = ops.find(isPunct); op; op = ops.find(isPunct)) {
      position++;
      left = { kind: "binary", op, left, right: operand() };
    }
    return left;
  };
  const primary = (): Node => {
    const token = tokens[position++];
    if (!token) throw new Error("the formula ends too soon");
    switch (token.kind) {
      case "number":
        return { kind: "number", value: token.value };
      case "text":
        return { kind: "text", value: token.value };
      case "reference":
        return { kind: "range", range: parseRange(token.value)! };
      case "name":
        return { kind: "name", name: token.value };
      case "function": {
        expect("(");
        const args: Node[] = [];
        if (!isPunct(")")) {
          args.push(comparison());
          while (isPunct(",")) {
            position++;
            args.push(comparison());
          }
        }
        expect(")");
        return { kind: "call", name: token.value, args };
      }
      case "punct":
        if (token.value === "(") {
          const inner = comparison();
          expect(")");
          return inner;
        }
        if (token.value === "{") return arrayConstant();
        throw new Error(`unexpected "${token.value}"`);
    }
  };
  // The style's only array constant is {1}: one number.
  const arrayConstant = (): Node => {
    const token = tokens[position++];
    if (token?.kind !== "number") throw new Error("an array constant other than {number}");
    expect("}");
    return { kind: "array", rows: [[token.value]] };
  };
  const additive = binary(["+"], primary);
  const concatenation = binary(["&"], additive);
  const comparison = binary(["="], concatenation);

  const node = comparison();
  if (position !== tokens.length) throw new Error(`unexpected text at token ${position + 1}`);
  cache.set(formula, node);
  return node;
}
