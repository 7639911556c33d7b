// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";
import { builtinModules } from "node:module";

// The pure core (model and sheet planner) must run unchanged in Excel, in the browser and in Node:
// it may import nothing from Office, React, the DOM, Node or the adapters.
const nodeBuiltins = builtinModules.flatMap((m) => [m, `node:${m}`]);
const pureCoreRestrictions = {
  "no-restricted-imports": [
    "error",
    {
      paths: nodeBuiltins.map((name) => ({
        name,
        message: "src/model and src/sheet are pure: no Node APIs.",
      })),
      patterns: [
        {
          group: ["react", "react-*", "react/*", "@fluentui/*", "office-*", "@microsoft/*"],
          message: "src/model and src/sheet are pure: no Office, React or UI imports.",
        },
        {
          group: ["**/taskpane/**", "**/functions/**", "**/excel/**", "**/xlsx/**", "**/cli/**"],
          message: "src/model and src/sheet must not depend on adapters or UI.",
        },
      ],
    },
  ],
  "no-restricted-globals": [
    "error",
    ...["Office", "Excel", "OfficeRuntime", "CustomFunctions", "window", "document", "process"].map(
      (name) => ({ name, message: "src/model and src/sheet are pure: no host globals." }),
    ),
  ],
};

export default tseslint.config(
  { ignores: ["dist/**", "lib/**", ".tmp/**", "node_modules/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: "readonly",
        process: "readonly",
        __dirname: "readonly",
        module: "writable",
        require: "readonly",
        URL: "readonly",
        setTimeout: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  { files: ["src/model/**/*.ts", "src/sheet/**/*.ts"], rules: pureCoreRestrictions },
  // The .xlsx adapter runs in the browser too: bytes in, bytes out, no Node APIs.
  {
    files: ["src/xlsx/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: "src/xlsx runs in the browser too: no Node APIs.",
          })),
        },
      ],
    },
  },
  // The fake Excel host is bundled for Chromium too (test/ui): no Node APIs; its tests may use them.
  {
    files: ["test/host/**/*.ts"],
    ignores: ["test/host/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: "test/host runs in the browser too: no Node APIs.",
          })),
        },
      ],
      "no-restricted-globals": [
        "error",
        ...["process", "Buffer", "require", "__dirname"].map((name) => ({
          name,
          message: "test/host runs in the browser too: no Node globals.",
        })),
      ],
    },
  },
  {
    files: ["**/*.cjs", "webpack.*.js"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  prettier,
);
