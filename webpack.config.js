/**
 * Builds the add-in into dist/:
 *   taskpane.html  the one page of the shared runtime: loads office.js, functions.js, taskpane.js
 *   functions.js   the custom functions (and webpack's runtime; see `dependOn` below)
 *   taskpane.js    the task pane (React + Fluent UI)
 *   functions.json custom functions metadata, generated from the JSDoc in src/functions/functions.ts
 *   functions-zh-CN.json  the same with Chinese help, from src/functions/functions.zh-CN.json
 *                  (scripts/localize-functions.cjs; the manifest serves it to zh-CN Excel)
 *   manifest.xml   the repository's manifest with every URL pointed at ADDIN_URL
 *   assets/        icons
 *
 * `ADDIN_URL` (default https://localhost:3000) is the only build-time variable. The dev server
 * (`npm start`, or `webpack serve`) runs over HTTPS on port 3000 with Office's dev certificates.
 */
const path = require("node:path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const { getDevCertificates, caCertificatePath } = require("./scripts/dev-certs.cjs");
const { LocalizeFunctionsMetadataPlugin } = require("./scripts/localize-functions.cjs");
const { resolveAddinUrl, rewriteManifestUrls } = require("./scripts/manifest-url.cjs");
const { optOutOfOfficeUsageData } = require("./scripts/usage-data-off.cjs");

const FUNCTIONS_SOURCE = path.resolve(__dirname, "src/functions/functions.ts");
const FUNCTIONS_ZH_CN_TABLE = path.resolve(__dirname, "src/functions/functions.zh-CN.json");
const DEV_SERVER_PORT = 3000;

/**
 * @param {Record<string, unknown>} env webpack-cli sets WEBPACK_SERVE for `webpack serve`
 * @param {{ mode?: string }} argv
 * @returns {Promise<import("webpack").Configuration & { devServer?: import("webpack-dev-server").Configuration }>}
 */
module.exports = async (env = {}, argv = {}) => {
  optOutOfOfficeUsageData();
  const production = (argv.mode ?? "production") === "production";
  const addinUrl = resolveAddinUrl(process.env);

  return {
    mode: production ? "production" : "development",
    context: __dirname,
    target: ["web", "es2020"],
    entry: {
      // The task pane depends on the functions entry: the page then holds one webpack runtime and
      // one instance of every shared module (the model, later the settings), so the pane and the
      // custom functions see the same state; functions.js still works on its own.
      functions: "./src/functions/functions.ts",
      taskpane: { import: "./src/taskpane/index.tsx", dependOn: "functions" },
      // Consolidate's reader in a Web Worker: an entry of its own (its own runtime), loaded by
      // name beside the page (CHECK_WORKER_SCRIPT in src/taskpane/checkReturn.ts).
      "check-return": "./src/taskpane/checkReturn.worker.ts",
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: "[name].js",
      clean: true,
      // Relative names in source maps: nothing about the build machine leaks into dist/.
      devtoolModuleFilenameTemplate: "webpack://ctmm-excel/[resource-path]",
    },
    devtool: production ? "source-map" : "eval-cheap-module-source-map",
    resolve: {
      extensions: [".ts", ".tsx", ".js"],
      extensionAlias: { ".js": [".ts", ".tsx", ".js"] },
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          loader: "ts-loader",
          // Type checking is its own gate (`npm run typecheck`); the bundle only needs JavaScript.
          options: { transpileOnly: true, configFile: path.resolve(__dirname, "tsconfig.json") },
        },
        {
          resource: (file) => file === FUNCTIONS_SOURCE,
          loader: require.resolve("./scripts/guard-associate-loader.cjs"),
        },
      ],
    },
    plugins: [
      new CustomFunctionsMetadataPlugin({ input: FUNCTIONS_SOURCE, output: "functions.json" }),
      // Generated metadata cannot be localized: derive the zh-CN file from it and a table.
      new LocalizeFunctionsMetadataPlugin({
        input: "functions.json",
        output: "functions-zh-CN.json",
        table: FUNCTIONS_ZH_CN_TABLE,
      }),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["functions", "taskpane"],
        chunksSortMode: "manual",
        scriptLoading: "defer",
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/icon-*.png", to: "assets/[name][ext]" },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform: {
              transformer: (content) => rewriteManifestUrls(content.toString(), addinUrl),
            },
          },
        ],
      }),
    ],
    performance: {
      // React and Fluent UI make one large bundle. It is loaded once per session from the hosting
      // server and stays in the long-lived shared runtime, so the 244 KiB web default does not fit;
      // the limit still catches a dependency that balloons the bundle.
      hints: production ? "warning" : false,
      maxEntrypointSize: 1024 * 1024,
      maxAssetSize: 1024 * 1024,
    },
    devServer: env.WEBPACK_SERVE ? await devServerConfig() : undefined,
  };
};

/** @returns {Promise<import("webpack-dev-server").Configuration>} */
async function devServerConfig() {
  const certificates = await getDevCertificates();
  if (!certificates.trusted) {
    console.warn(
      [
        "The Office development CA is not installed, so browsers and Excel will not trust",
        `https://localhost:${DEV_SERVER_PORT} until you trust it yourself.`,
        `  reason: ${certificates.problem ?? "unknown"}`,
        certificates.options
          ? `  CA certificate: ${caCertificatePath()} (import it into your browser's or system's trusted roots)`
          : "  serving with a temporary self-signed certificate instead",
      ].join("\n"),
    );
  }
  return {
    // Only this machine: Excel (desktop or web) reaches the add-in through localhost.
    host: "localhost",
    port: DEV_SERVER_PORT,
    server: certificates.options
      ? { type: "https", options: certificates.options }
      : { type: "https" },
    headers: { "Access-Control-Allow-Origin": "*" },
    static: false,
    devMiddleware: { writeToDisk: true },
    client: { overlay: { warnings: false, errors: true } },
  };
}
