/**
 * The syntax check Excel makes before it accepts a formula (typed, written to `Range.formulas`,
 * given as a conditional format rule or a name's reference): unbalanced parentheses or braces,
 * unterminated strings and quoted sheet names, an operator with nothing on one side, two operands
 * with nothing between them. What parses but cannot be evaluated is accepted, as Excel accepts it:
 * an unknown function gives #NAME?, a reference to a sheet that does not exist gives #REF!.
 *
 * A1 style, "," between arguments (the en-US syntax Office JS uses for `formulas`).
 */

/** Excel's longest formula, in characters. */
export const MAX_FORMULA_LENGTH = 8_192;

const ERROR_LITERAL =
  /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|UNKNOWN!|BUSY!|CONNECT!)/i;
const NUMBER = /^(\d+\.?\d*|\.\d+)(E[+-]?\d+)?/i;
const NAME_CHAR = /[\p{L}\p{N}_\\.$!?]/u;
const BINARY = ["<=", ">=", "<>", "*", "/", "^", "&", "=", "<", ">", ":"];

type Open = "call" | "group" | "array";

/**
 * Why Excel would refuse this formula (given with its leading "="), or null when it parses.
 *
 * @example
 * formulaSyntaxError("=SUM(A1:A3"); // "1 unclosed parenthesis"
 * formulaSyntaxError("='No such sheet'!A1"); // null: Excel accepts it (#REF!)
 */
export function formulaSyntaxError(formula: string): string | null {
  if (!formula.startsWith("=")) return "a formula starts with '='";
  if (formula.length > MAX_FORMULA_LENGTH)
    return `the formula is ${formula.length} characters; Excel allows ${MAX_FORMULA_LENGTH}`;
  const text = formula.slice(1);
  const stack: Open[] = [];
  let expectOperand = true;
  // What came last: an identifier may open a call; "(" or "," may be followed by an empty argument.
  let last: "start" | "name" | "operand" | "open" | "comma" | "operator" | "close" = "start";
  let spaced = false;
  let i = 0;

  const operand = (): string | null => {
    if (!expectOperand && !spaced) return `two operands without an operator at ${i + 1}`;
    expectOperand = false;
    return null;
  };

  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      spaced = true; // a space between two references is the intersection operator
      i++;
      continue;
    }
    const rest = text.slice(i);
    let problem: string | null = null;

    if (ch === '"') {
      const end = closing(text, i, '"');
      if (end < 0) return `unterminated string starting at ${i + 1}`;
      problem = operand();
      i = end + 1;
      last = "operand";
    } else if (ch === "'") {
      const end = closing(text, i, "'");
      if (end < 0) return `unterminated quoted sheet name starting at ${i + 1}`;
      if (text[end + 1] !== "!") return `a quoted sheet name must be followed by "!" at ${end + 2}`;
      problem = operand();
      i = reference(text, end + 2);
      if (i === end + 2) return `"!" is not followed by a reference at ${end + 2}`;
      last = "name";
    } else if (ch === "#") {
      const error = ERROR_LITERAL.exec(rest);
      if (!expectOperand && !spaced && (last === "name" || last === "close")) {
        i++; // the spill operator: A1#
        last = "operand";
      } else if (error) {
        problem = operand();
        i += error[0].length;
        last = "operand";
      } else return `unknown error value at ${i + 1}`;
    } else if (ch === "(") {
      if (expectOperand) stack.push("group");
      else if (last === "name" && !spaced) stack.push("call");
      else return `"(" after an operand at ${i + 1}`;
      expectOperand = true;
      last = "open";
      i++;
    } else if (ch === ")") {
      const top = stack.pop();
      if (top !== "call" && top !== "group") return `unbalanced ")" at ${i + 1}`;
      if (expectOperand && !(top === "call" && (last === "open" || last === "comma")))
        return `missing operand before ")" at ${i + 1}`;
      expectOperand = false;
      last = "close";
      i++;
    } else if (ch === "," || ch === ";") {
      const top = stack[stack.length - 1];
      if (ch === ";" && top !== "array") return `";" outside an array at ${i + 1}`;
      if (top === undefined) return `"," outside a function call at ${i + 1}`;
      // An empty argument is allowed in a call (IF(A1,,1)), nowhere else.
      if (expectOperand && !(top === "call" && (last === "open" || last === "comma")))
        return `missing operand before "${ch}" at ${i + 1}`;
      expectOperand = true;
      last = top === "call" ? "comma" : "operator";
      i++;
    } else if (ch === "{") {
      if (!expectOperand) return `"{" after an operand at ${i + 1}`;
      stack.push("array");
      last = "open";
      i++;
    } else if (ch === "}") {
      if (stack.pop() !== "array") return `unbalanced "}" at ${i + 1}`;
      if (expectOperand) return `missing value before "}" at ${i + 1}`;
      last = "close";
      i++;
    } else if (ch === "+" || ch === "-" || ch === "@") {
      if (!expectOperand && ch === "@") return `"@" after an operand at ${i + 1}`;
      expectOperand = true; // unary when an operand is expected, binary otherwise
      last = "operator";
      i++;
    } else if (ch === "%") {
      if (expectOperand) return `"%" without an operand at ${i + 1}`;
      i++;
    } else if (BINARY.some((op) => rest.startsWith(op))) {
      const op = BINARY.find((o) => rest.startsWith(o))!;
      if (expectOperand) return `"${op}" without a left operand at ${i + 1}`;
      expectOperand = true;
      last = "operator";
      i += op.length;
    } else if (NUMBER.test(rest)) {
      const number = NUMBER.exec(rest)![0];
      problem = operand();
      i += number.length;
      last = "operand";
    } else if (NAME_CHAR.test(ch) || ch === "[") {
      problem = operand();
      const end = reference(text, i);
      if (end < 0) return `unbalanced "[" at ${i + 1}`;
      if (end === i) return `unexpected "${ch}" at ${i + 1}`;
      i = end;
      last = "name";
    } else {
      return `unexpected "${ch}" at ${i + 1}`;
    }
    if (problem) return problem;
    spaced = false;
  }
  if (stack.length > 0) {
    const open = stack.filter((s) => s !== "array").length;
    return open > 0 ? `${open} unclosed parenthesis` : "unclosed array constant";
  }
  if (last === "start") return "the formula is empty";
  if (expectOperand) return "the formula ends with an operator";
  return null;
}

/** The index of the quote that closes the one at `start` (doubled quotes escape), or -1. */
function closing(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] !== quote) continue;
    if (text[i + 1] === quote) i++;
    else return i;
  }
  return -1;
}

/**
 * The end of a name or reference starting at `start`: letters, digits, "_", "\", ".", "$", "!",
 * bracketed parts (Table1[Column], [Book.xlsx]Sheet1!A1) and an error after a sheet ("Sheet1!#REF!").
 * -1 for an unclosed bracket.
 */
function reference(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "[") {
      let depth = 0;
      for (; i < text.length; i++) {
        if (text[i] === "[") depth++;
        else if (text[i] === "]" && --depth === 0) break;
      }
      if (i >= text.length) return -1;
      i++;
    } else if (ch === "#" && text[i - 1] === "!") {
      const error = ERROR_LITERAL.exec(text.slice(i));
      if (!error) return i;
      i += error[0].length;
    } else if (NAME_CHAR.test(ch)) i++;
    else break;
  }
  return i;
}
