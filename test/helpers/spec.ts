import { readFileSync } from "node:fs";
import { join } from "node:path";

/** SPEC.md lives in ../shared beside the repository, locally and in CI. */
const SPEC_PATH = join(__dirname, "..", "..", "..", "shared", "SPEC.md");

/** The rows of the first markdown table under the heading that starts with `heading`. */
export function readSpecTable(heading: string): string[][] {
  let spec: string;
  try {
    spec = readFileSync(SPEC_PATH, "utf8");
  } catch {
    throw new Error(
      `${SPEC_PATH} not found: the tests compare the model with SPEC.md in ../shared`,
    );
  }
  const start = spec.indexOf(`\n${heading}`);
  if (start < 0) throw new Error(`SPEC.md has no heading "${heading}"`);
  const lines = spec
    .slice(start + 1)
    .split("\n")
    .slice(1);
  const table: string[][] = [];
  for (const line of lines) {
    if (line.startsWith("#")) break;
    if (!line.startsWith("|")) {
      if (table.length > 0) break;
      continue;
    }
    table.push(
      line
        .replace(/^\||\|$/g, "")
        .split("|")
        .map((cell) => cell.trim()),
    );
  }
  // Drop the header and its |---| rule.
  return table.slice(2);
}
