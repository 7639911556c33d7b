/**
 * The custom functions' metadata as built: dist/functions.json (generated from the JSDoc in
 * src/functions/functions.ts) and dist/functions-zh-CN.json (the same with Chinese help, made by
 * scripts/localize-functions.cjs from src/functions/functions.zh-CN.json). Both describe the
 * functions of SPEC §5 alike, with help for every function and parameter, under names that are not
 * Excel's own; and the translation step refuses a table that has drifted from the JSDoc.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import webpack from "webpack";
import {
  findTableProblems,
  localizeFunctionsMetadata,
  LocalizeFunctionsMetadataPlugin,
  type FunctionMetadata,
  type FunctionsMetadata,
  type TranslationTable,
} from "../../scripts/localize-functions.cjs";
import { readSpecTable } from "../helpers/spec";
import { REPO_ROOT, readDist } from "./helpers/paths";
import { at, childrenNamed, parseXml } from "./helpers/xml";

const HAN = /\p{Script=Han}/u;
const TABLE_PATH = path.join(REPO_ROOT, "src/functions/functions.zh-CN.json");

const readTable = (): TranslationTable =>
  JSON.parse(readFileSync(TABLE_PATH, "utf8")) as TranslationTable;
const readMetadata = (file: string): FunctionsMetadata =>
  JSON.parse(readDist(file)) as FunctionsMetadata;

/** The metadata with every description left out: what must be identical in every language. */
function withoutDescriptions(metadata: FunctionsMetadata): unknown {
  return {
    ...metadata,
    functions: metadata.functions.map(({ description: _d, parameters, ...fn }) => ({
      ...fn,
      parameters: parameters?.map(({ description: _p, ...parameter }) => parameter),
    })),
  };
}

const METADATA_FILES = ["functions.json", "functions-zh-CN.json"] as const;

describe("dist/functions.json and dist/functions-zh-CN.json", () => {
  let english: FunctionsMetadata;
  let chinese: FunctionsMetadata;
  beforeAll(() => {
    english = readMetadata("functions.json");
    chinese = readMetadata("functions-zh-CN.json");
  });

  test("declare the same functions: ids, names, parameters, types, shapes, optional flags, results", () => {
    expect(chinese.functions.map((fn) => fn.id)).toEqual(english.functions.map((fn) => fn.id));
    expect(withoutDescriptions(chinese)).toEqual(withoutDescriptions(english));
  });

  test("keep the English function names, so that formulas travel between languages", () => {
    for (const fn of chinese.functions) expect(fn.name).toBe(fn.id);
  });

  test.each(METADATA_FILES)("%s describes every function and every parameter", (file) => {
    const missing: string[] = [];
    for (const fn of readMetadata(file).functions) {
      if (!/\S/.test(fn.description ?? "")) missing.push(fn.id);
      for (const parameter of fn.parameters ?? []) {
        if (!/\S/.test(parameter.description ?? "")) missing.push(`${fn.id}(${parameter.name})`);
      }
    }
    expect(missing).toEqual([]);
  });

  test("the zh-CN help is in Chinese and differs from the English", () => {
    const untranslated: string[] = [];
    chinese.functions.forEach((fn, i) => {
      const original = english.functions[i] as FunctionMetadata;
      const pairs: [string, string | undefined, string | undefined][] = [
        [fn.id, fn.description, original.description],
        ...(fn.parameters ?? []).map(
          (parameter, j): [string, string | undefined, string | undefined] => [
            `${fn.id}(${parameter.name})`,
            parameter.description,
            original.parameters?.[j]?.description,
          ],
        ),
      ];
      for (const [where, zh, en] of pairs) {
        if (!HAN.test(zh ?? "") || zh === en) untranslated.push(where);
      }
    });
    expect(untranslated).toEqual([]);
  });

  test("functions-zh-CN.json is what the translation table makes of functions.json", () => {
    expect(findTableProblems(english, readTable())).toEqual([]);
    expect(chinese).toEqual(localizeFunctionsMetadata(english, readTable()));
  });
});

/** A signature of SPEC §5, e.g. `CTMM.GAP(ratings, target, [weights], [names])`. */
function parseSignature(cell: string): { id: string; parameters: [string, boolean][] } {
  const match = /^`CTMM\.([A-Z]+)\(([^)]*)\)`$/.exec(cell.trim());
  if (!match) throw new Error(`not a CTMM signature: ${cell}`);
  const parameters = (match[2] ?? "")
    .split(",")
    .map((parameter) => parameter.trim())
    .filter((parameter) => parameter !== "")
    .map((parameter): [string, boolean] => {
      const optional = /^\[(\w+)\]$/.exec(parameter);
      return optional ? [optional[1] as string, true] : [parameter, false];
    });
  return { id: match[1] as string, parameters };
}

/** What Excel hands each parameter, by name: it checks types and shapes before calling. */
const PARAMETER_SHAPES: Readonly<Record<string, { type?: string; dimensionality: string }>> = {
  // Numbers, labels of either language, blanks and N/A: "any", or Excel would refuse the labels.
  ratings: { type: "any", dimensionality: "matrix" },
  weights: { type: "number", dimensionality: "matrix" },
  threshold: { type: "number", dimensionality: "scalar" },
  level: { dimensionality: "scalar" },
  target: { dimensionality: "scalar" },
  domain: { dimensionality: "scalar" },
  language: { type: "string", dimensionality: "scalar" },
  names: { dimensionality: "matrix" },
};

/** The result of each function: one value, or an array that spills. */
const RESULTS: Readonly<Record<string, { type?: string; dimensionality: string }>> = {
  LEVEL: { type: "number", dimensionality: "scalar" },
  SCORE: { type: "number", dimensionality: "scalar" },
  LEVELSCORES: { type: "number", dimensionality: "matrix" },
  LABEL: { type: "string", dimensionality: "scalar" },
  TRAIT: { type: "string", dimensionality: "scalar" },
  GAP: { dimensionality: "matrix" },
  ITEMS: { type: "string", dimensionality: "matrix" },
  VERSION: { type: "string", dimensionality: "scalar" },
};

describe("the functions of SPEC §5", () => {
  const signatures = readSpecTable("## 5.").map((row) => parseSignature(row[0] ?? ""));

  test("are read from the spec: LEVEL, SCORE, LEVELSCORES, LABEL, TRAIT, GAP, ITEMS, VERSION", () => {
    expect(signatures.map((s) => s.id)).toEqual(Object.keys(RESULTS));
  });

  test.each(METADATA_FILES)("%s lists exactly these functions", (file) => {
    const ids = readMetadata(file).functions.map((fn) => fn.id);
    expect([...ids].sort()).toEqual(signatures.map((s) => s.id).sort());
  });

  describe.each(METADATA_FILES)("%s", (file) => {
    test.each(signatures.map((s) => [s.id, s] as const))(
      "declares CTMM.%s with the spec's parameters, shapes and result",
      (id, signature) => {
        const fn = readMetadata(file).functions.find((f) => f.id === id);
        expect(fn?.name).toBe(id);
        const parameters = (fn?.parameters ?? []).map((p) => ({
          name: p.name,
          optional: p.optional === true,
          type: PARAMETER_SHAPES[p.name]?.type === undefined ? undefined : p.type,
          dimensionality: p.dimensionality ?? "scalar",
        }));
        expect(parameters).toEqual(
          signature.parameters.map(([name, optional]) => ({
            name,
            optional,
            type: PARAMETER_SHAPES[name]?.type,
            dimensionality: PARAMETER_SHAPES[name]?.dimensionality,
          })),
        );
        expect({
          type: fn?.result?.type,
          dimensionality: fn?.result?.dimensionality ?? "scalar",
        }).toEqual({ type: RESULTS[id]?.type, dimensionality: RESULTS[id]?.dimensionality });
      },
    );
  });

  test("LEVEL takes ratings (matrix), weights (matrix, optional) and threshold (optional)", () => {
    const level = readMetadata("functions.json").functions.find((fn) => fn.id === "LEVEL");
    expect(level?.parameters).toEqual([
      expect.objectContaining({ name: "ratings", type: "any", dimensionality: "matrix" }),
      expect.objectContaining({ name: "weights", dimensionality: "matrix", optional: true }),
      expect.objectContaining({ name: "threshold", type: "number", optional: true }),
    ]);
    expect(level?.parameters?.[0]?.optional).toBeUndefined();
  });
});

/** Excel's own worksheet functions: test/addin/fixtures/excel-functions.txt. */
function readExcelFunctions(): string[] {
  return readFileSync(path.join(__dirname, "fixtures/excel-functions.txt"), "utf8")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

describe("function names", () => {
  const builtIn = readExcelFunctions();
  const builtInSet = new Set(builtIn);

  test("the list of Excel's functions is complete enough to mean something", () => {
    expect(builtIn.length).toBeGreaterThan(450);
    expect(builtInSet.size).toBe(builtIn.length);
    expect(builtIn.filter((name) => !/^[A-Z][A-Z0-9.]*$/.test(name))).toEqual([]);
    for (const name of ["SUM", "SUMPRODUCT", "INDEX", "MATCH", "COUNTIF", "ROUND", "IFERROR"])
      expect(builtInSet).toContain(name);
    for (const name of ["LET", "LAMBDA", "XLOOKUP", "FILTER", "TEXTSPLIT", "VSTACK", "GROUPBY"])
      expect(builtInSet).toContain(name);
  });

  test.each(METADATA_FILES)("%s names no function like one of Excel's", (file) => {
    const collisions = readMetadata(file)
      .functions.flatMap((fn) => [fn.id, fn.name, `CTMM.${fn.name}`])
      .filter((name) => builtInSet.has(name.toUpperCase()));
    expect(collisions).toEqual([]);
  });

  test.each(METADATA_FILES)(
    "%s follows Excel's naming rules: a letter first, 3 characters or more, not a cell",
    (file) => {
      const cell = /^([A-Z]{1,3}\d+|R\d*C\d*)$/;
      const bad = readMetadata(file)
        .functions.flatMap((fn) => [fn.id, fn.name])
        .filter((name) => !/^[A-Z][A-Z0-9._]{2,}$/.test(name) || cell.test(name));
      expect(bad).toEqual([]);
    },
  );
});

describe("manifest.xml", () => {
  test("serves functions-zh-CN.json to zh-CN Excel beside functions.json", () => {
    const manifest = parseXml(readFileSync(path.join(REPO_ROOT, "manifest.xml"), "utf8"));
    const url = childrenNamed(at(manifest, "VersionOverrides", "Resources", "bt:Urls"), "bt:Url")
      .filter((element) => element.attributes.id === "Functions.Metadata.Url")
      .at(0);
    const english = url?.attributes.DefaultValue ?? "";
    expect(english).toMatch(/\/functions\.json$/);
    expect(
      childrenNamed(url!, "bt:Override").map((override) => ({ ...override.attributes })),
    ).toEqual([
      { Locale: "zh-CN", Value: english.replace(/functions\.json$/, "functions-zh-CN.json") },
    ]);
  });
});

describe("the translation step", () => {
  const METADATA: FunctionsMetadata = {
    allowCustomDataForDataTypeAny: true,
    functions: [
      {
        id: "LEVEL",
        name: "LEVEL",
        description: "Returns the level.",
        parameters: [
          { name: "ratings", description: "The ratings.", type: "any", dimensionality: "matrix" },
          { name: "threshold", description: "The threshold.", type: "number", optional: true },
        ],
        result: { type: "number" },
      },
      {
        id: "VERSION",
        name: "VERSION",
        description: "Returns the version.",
        parameters: [],
        result: { type: "string" },
      },
    ],
  };
  const TABLE: TranslationTable = {
    VERSION: { description: "返回模型包的版本。", parameters: {} },
    LEVEL: {
      description: "返回成熟度等级。",
      parameters: { threshold: "阈值。", ratings: "评分。" },
    },
  };

  test("changes the descriptions and nothing else, in the metadata's order", () => {
    const before = structuredClone({ METADATA, TABLE });
    const localized = localizeFunctionsMetadata(METADATA, TABLE);

    expect(localized).toEqual({
      allowCustomDataForDataTypeAny: true,
      functions: [
        {
          ...METADATA.functions[0],
          description: "返回成熟度等级。",
          parameters: [
            { name: "ratings", description: "评分。", type: "any", dimensionality: "matrix" },
            { name: "threshold", description: "阈值。", type: "number", optional: true },
          ],
        },
        { ...METADATA.functions[1], description: "返回模型包的版本。" },
      ],
    });
    expect({ METADATA, TABLE }).toEqual(before);
  });

  /** Ways for the table and the JSDoc to drift apart, and the line that says so. */
  const DRIFTS: [string, (table: TranslationTable, metadata: FunctionsMetadata) => void, string][] =
    [
      [
        "a function the table lacks",
        (table) => delete table.VERSION,
        "VERSION: missing from the table",
      ],
      [
        "a function only the table has",
        (table) => (table.GAP = { description: "缺口。", parameters: {} }),
        "GAP: in the table but not in functions.json",
      ],
      [
        "a parameter the table lacks",
        (table) => delete table.LEVEL!.parameters!.threshold,
        'LEVEL: parameter "threshold" is missing from the table',
      ],
      [
        "a parameter only the table has",
        (table) => (table.LEVEL!.parameters!.weights = "权重。"),
        'LEVEL: parameter "weights" is in the table but not in functions.json',
      ],
      [
        "a parameter renamed in the JSDoc",
        (_table, metadata) => (metadata.functions[0]!.parameters![1]!.name = "theta"),
        'LEVEL: parameter "theta" is missing from the table',
      ],
      [
        "a parameter whose name is also an object property",
        (_table, metadata) =>
          metadata.functions[0]!.parameters!.push({ name: "constructor", type: "any" }),
        'LEVEL: parameter "constructor" is missing from the table',
      ],
      [
        "an empty function description",
        (table) => (table.LEVEL!.description = " "),
        "LEVEL: the description is missing or has no Chinese text",
      ],
      [
        "a parameter left in English",
        (table) => (table.LEVEL!.parameters!.ratings = "The ratings."),
        'LEVEL: parameter "ratings" has an empty description or no Chinese text',
      ],
      [
        "a misspelt key",
        (table) => Object.assign(table.VERSION!, { descripton: "版本。" }),
        'VERSION: unknown key "descripton"',
      ],
    ];

  test.each(DRIFTS)("refuses %s", (_what, drift, problem) => {
    const table = structuredClone(TABLE);
    const metadata = structuredClone(METADATA);
    drift(table, metadata);

    expect(findTableProblems(metadata, table)).toContain(problem);
    expect(() => localizeFunctionsMetadata(metadata, table)).toThrow(problem);
  });

  test("names every problem at once", () => {
    const table = structuredClone(TABLE);
    delete table.VERSION;
    table.LEVEL!.parameters!.weights = "权重。";
    expect(findTableProblems(METADATA, table)).toEqual([
      'LEVEL: parameter "weights" is in the table but not in functions.json',
      "VERSION: missing from the table",
    ]);
  });

  test("refuses what is not a table", () => {
    expect(findTableProblems(METADATA, [])).toEqual(["the table is not an object of function ids"]);
    expect(findTableProblems(METADATA, { ...TABLE, LEVEL: "等级" })).toEqual([
      "LEVEL: not an object with a description and parameters",
    ]);
  });
});

describe("the webpack plugin", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "ctmm-localize-"));
    writeFileSync(path.join(dir, "index.js"), "module.exports = 1;\n");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const METADATA: FunctionsMetadata = {
    functions: [
      {
        id: "VERSION",
        name: "VERSION",
        description: "Returns the version.",
        parameters: [],
        result: { type: "string" },
      },
    ],
  };

  /** Builds a one-module bundle whose compilation holds METADATA as functions.json, as in ours. */
  async function build(table: unknown): Promise<{ errors: string[]; emitted: unknown }> {
    const tablePath = path.join(dir, "functions.zh-CN.json");
    writeFileSync(tablePath, JSON.stringify(table));
    const compiler = webpack({
      mode: "none",
      context: dir,
      entry: "./index.js",
      output: { path: path.join(dir, "dist") },
      plugins: [
        {
          // Like custom-functions-metadata-plugin: the asset is there from the compilation's start.
          apply(c: webpack.Compiler) {
            c.hooks.thisCompilation.tap("metadata", (compilation) => {
              compilation.emitAsset(
                "functions.json",
                new c.webpack.sources.RawSource(JSON.stringify(METADATA)),
              );
            });
          },
        },
        new LocalizeFunctionsMetadataPlugin({
          input: "functions.json",
          output: "functions-zh-CN.json",
          table: tablePath,
        }),
      ],
    });
    const stats = await new Promise<webpack.Stats>((resolve, reject) =>
      compiler.run((error, result) => (error || !result ? reject(error) : resolve(result))),
    );
    await new Promise<void>((resolve) => compiler.close(() => resolve()));
    const emitted = path.join(dir, "dist", "functions-zh-CN.json");
    return {
      errors: stats.compilation.errors.map((error) => error.message),
      emitted: existsSync(emitted) ? JSON.parse(readFileSync(emitted, "utf8")) : undefined,
    };
  }

  test("emits functions-zh-CN.json from functions.json and the table", async () => {
    const { errors, emitted } = await build({ VERSION: { description: "返回版本。" } });
    expect(errors).toEqual([]);
    expect(emitted).toEqual({
      functions: [{ ...METADATA.functions[0], description: "返回版本。" }],
    });
  });

  test("fails the build, naming the table and the problem, when they disagree", async () => {
    const { errors, emitted } = await build({
      VERSION: { description: "返回版本。", parameters: { pack: "模型包。" } },
    });
    expect(emitted).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("functions-zh-CN.json");
    expect(errors[0]).toContain(
      'VERSION: parameter "pack" is in the table but not in functions.json',
    );
    expect(errors[0]).toContain("functions.zh-CN.json must give a Chinese description");
  });
});
