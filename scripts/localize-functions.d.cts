/** Types for localize-functions.cjs (plain CommonJS so that webpack.config.js can require it). */
import type { Compiler } from "webpack";

/** A parameter of a custom function in functions.json. */
export interface ParameterMetadata {
  name: string;
  description?: string;
  type?: string;
  dimensionality?: string;
  optional?: boolean;
  [key: string]: unknown;
}

/** A custom function in functions.json. */
export interface FunctionMetadata {
  id: string;
  name: string;
  description?: string;
  parameters?: ParameterMetadata[];
  result?: { type?: string; dimensionality?: string };
  [key: string]: unknown;
}

/** functions.json, as custom-functions-metadata-plugin generates it. */
export interface FunctionsMetadata {
  functions: FunctionMetadata[];
  [key: string]: unknown;
}

/** A translation table: per function id, its description and one per parameter name. */
export type TranslationTable = Record<
  string,
  { description: string; parameters?: Record<string, string> }
>;

/** Every way in which `table` and `metadata` disagree, one line each; empty when they match. */
export declare function findTableProblems(metadata: FunctionsMetadata, table: unknown): string[];

/** `metadata` with the table's descriptions; throws, listing every problem, on a mismatch. */
export declare function localizeFunctionsMetadata(
  metadata: FunctionsMetadata,
  table: unknown,
): FunctionsMetadata;

/** The webpack plugin: emits `output` from the `input` asset and the table file at `table`. */
export declare class LocalizeFunctionsMetadataPlugin {
  constructor(options: { input: string; output: string; table: string });
  apply(compiler: Compiler): void;
}
