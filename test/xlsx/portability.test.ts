import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

// The adapter runs in the task pane (browser) as well as in the CLI (Node): it may import only
// the zip and XML libraries, the pure sheet types, and itself — and use no Node globals.
const XLSX_DIR = join(__dirname, "..", "..", "src", "xlsx");
const ALLOWED = [/^fflate$/, /^fast-xml-parser$/, /^\.\.\/sheet\/[a-z0-9]+$/i, /^\.\/[a-z0-9]+$/i];

describe("src/xlsx is portable", () => {
  const files = readdirSync(XLSX_DIR).filter((f) => f.endsWith(".ts"));

  it.each(files)("%s imports nothing from Node, the DOM or the UI", (file) => {
    const source = readFileSync(join(XLSX_DIR, file), "utf8");
    const imports = [...source.matchAll(/(?:from|import)\s+"([^"]+)"/g)].map((m) => m[1]!);
    for (const specifier of imports) {
      expect({ specifier, allowed: ALLOWED.some((pattern) => pattern.test(specifier)) }).toEqual({
        specifier,
        allowed: true,
      });
    }
    const code = source
      .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "")
      .replace(/"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, '""');
    expect(code).not.toMatch(
      /\b(Buffer|process|window|document|global)\s*[.[(]|\brequire\s*\(|__dirname/,
    );
  });
});
