/**
 * The build step that gives the custom functions Chinese help in zh-CN Excel (SPEC §5).
 *
 * custom-functions-metadata-plugin generates functions.json from the JSDoc in
 * src/functions/functions.ts, and generated metadata cannot be localized. So this step takes the
 * generated functions.json and a translation table (src/functions/functions.zh-CN.json: per
 * function id, a Chinese description and one per parameter) and emits functions-zh-CN.json, which
 * the manifest serves to zh-CN Excel through a `bt:Override` of Functions.Metadata.Url.
 *
 * Only descriptions change. Ids, names (LEVEL stays LEVEL: formulas travel between languages in
 * the one CTMM namespace), parameter names, types, dimensionality, optional flags and results are
 * copied from functions.json. A table that lacks a function or parameter of functions.json, or has
 * one that functions.json does not, fails the build, so the two cannot drift apart.
 */
const fs = require("node:fs");
const path = require("node:path");

const PLUGIN_NAME = "LocalizeFunctionsMetadataPlugin";
const HAN = /\p{Script=Han}/u;
const ENTRY_KEYS = new Set(["description", "parameters"]);

/**
 * @typedef {{ name: string, description?: string, [key: string]: unknown }} ParameterMetadata
 * @typedef {{ id: string, name: string, description?: string, parameters?: ParameterMetadata[], [key: string]: unknown }} FunctionMetadata
 * @typedef {{ functions: FunctionMetadata[], [key: string]: unknown }} FunctionsMetadata
 */

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** @param {unknown} text */
function isTranslation(text) {
  return typeof text === "string" && text.trim() !== "" && HAN.test(text);
}

/**
 * Every way in which a translation table and the generated metadata disagree, one line each; empty
 * when the table translates exactly the functions and parameters of the metadata.
 *
 * @example findTableProblems({ functions: [{ id: "VERSION", name: "VERSION", parameters: [] }] }, {})
 *   // ["VERSION: missing from the table"]
 * @param {FunctionsMetadata} metadata functions.json as generated
 * @param {unknown} table the translation table as parsed
 * @returns {string[]}
 */
function findTableProblems(metadata, table) {
  if (!isRecord(metadata) || !Array.isArray(metadata.functions)) {
    return ["functions.json has no `functions` list"];
  }
  if (!isRecord(table)) return ["the table is not an object of function ids"];
  const problems = [];
  const ids = new Set();
  for (const fn of metadata.functions) {
    ids.add(fn.id);
    const entry = Object.hasOwn(table, fn.id) ? table[fn.id] : undefined;
    if (entry === undefined) {
      problems.push(`${fn.id}: missing from the table`);
      continue;
    }
    if (!isRecord(entry)) {
      problems.push(`${fn.id}: not an object with a description and parameters`);
      continue;
    }
    for (const key of Object.keys(entry)) {
      if (!ENTRY_KEYS.has(key)) problems.push(`${fn.id}: unknown key "${key}"`);
    }
    if (!isTranslation(entry.description)) {
      problems.push(`${fn.id}: the description is missing or has no Chinese text`);
    }
    const translated = entry.parameters ?? {};
    if (!isRecord(translated)) {
      problems.push(`${fn.id}: parameters is not an object of parameter names`);
      continue;
    }
    const names = new Set();
    for (const parameter of fn.parameters ?? []) {
      names.add(parameter.name);
      if (!Object.hasOwn(translated, parameter.name)) {
        problems.push(`${fn.id}: parameter "${parameter.name}" is missing from the table`);
      } else if (!isTranslation(translated[parameter.name])) {
        problems.push(
          `${fn.id}: parameter "${parameter.name}" has an empty description or no Chinese text`,
        );
      }
    }
    for (const name of Object.keys(translated)) {
      if (!names.has(name)) {
        problems.push(`${fn.id}: parameter "${name}" is in the table but not in functions.json`);
      }
    }
  }
  for (const id of Object.keys(table)) {
    if (!ids.has(id)) problems.push(`${id}: in the table but not in functions.json`);
  }
  return problems;
}

/**
 * functions.json with the table's Chinese descriptions: a copy in which only the `description` of
 * every function and parameter changes. Throws, listing every problem, if the table does not
 * translate exactly the functions and parameters of the metadata.
 *
 * @example localizeFunctionsMetadata(generated, { VERSION: { description: "返回模型包的标识和版本。" } })
 * @param {FunctionsMetadata} metadata functions.json as generated
 * @param {unknown} table the translation table as parsed
 * @returns {FunctionsMetadata}
 */
function localizeFunctionsMetadata(metadata, table) {
  const problems = findTableProblems(metadata, table);
  if (problems.length > 0) {
    throw new Error(
      [
        "the translation table does not match the generated functions.json:",
        ...problems.map((problem) => `  - ${problem}`),
      ].join("\n"),
    );
  }
  const entries =
    /** @type {Record<string, { description: string, parameters?: Record<string, string> }>} */ (
      table
    );
  return {
    ...metadata,
    functions: metadata.functions.map((fn) => {
      const entry = entries[fn.id];
      const localized = { ...fn, description: entry.description };
      if (fn.parameters !== undefined) {
        localized.parameters = fn.parameters.map((parameter) => ({
          ...parameter,
          description: (entry.parameters ?? {})[parameter.name],
        }));
      }
      return localized;
    }),
  };
}

/**
 * Emits `output` from the `input` asset (functions.json, emitted by custom-functions-metadata-plugin
 * earlier in the compilation) and the translation table at `table`; a mismatch is a build error.
 * The table is a file dependency, so `npm start` rebuilds when it changes.
 */
class LocalizeFunctionsMetadataPlugin {
  /** @param {{ input: string, output: string, table: string }} options */
  constructor(options) {
    this.options = options;
  }

  /** @param {import("webpack").Compiler} compiler */
  apply(compiler) {
    const { Compilation, WebpackError, sources } = compiler.webpack;
    const { input, output, table } = this.options;
    const tableName = path.relative(compiler.context, table).split(path.sep).join("/");
    const fail = (compilation, message) =>
      compilation.errors.push(new WebpackError(`${PLUGIN_NAME}: ${output}: ${message}`));
    /** The JSON that `read` returns, or undefined after reporting why it cannot be had. */
    const parseJson = (compilation, name, read) => {
      try {
        return JSON.parse(read());
      } catch (error) {
        fail(compilation, `cannot read ${name}: ${error.message}`);
        return undefined;
      }
    };

    compiler.hooks.thisCompilation.tap(PLUGIN_NAME, (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: PLUGIN_NAME, stage: Compilation.PROCESS_ASSETS_STAGE_DERIVED },
        () => {
          compilation.fileDependencies.add(table);
          const asset = compilation.getAsset(input);
          if (asset === undefined) {
            // The metadata plugin reports its own errors (a JSDoc problem) and then emits nothing.
            if (compilation.errors.length === 0) fail(compilation, `no ${input} to translate`);
            return;
          }
          const metadata = parseJson(compilation, input, () => asset.source.source().toString());
          const entries = parseJson(compilation, tableName, () => fs.readFileSync(table, "utf8"));
          if (metadata === undefined || entries === undefined) return;
          let localized;
          try {
            localized = localizeFunctionsMetadata(metadata, entries);
          } catch (error) {
            fail(
              compilation,
              `${error.message}\n${tableName} must give a Chinese description to exactly the ` +
                `functions and parameters that the JSDoc of src/functions/functions.ts declares.`,
            );
            return;
          }
          compilation.emitAsset(
            output,
            new sources.RawSource(`${JSON.stringify(localized, null, 4)}\n`),
          );
        },
      );
    });
  }
}

module.exports = { findTableProblems, localizeFunctionsMetadata, LocalizeFunctionsMetadataPlugin };
