/** Bundles the benchmarks for Node (`npm run bench`), like the CLI: no TypeScript at run time. */
const path = require("node:path");

module.exports = {
  mode: "production",
  target: "node20",
  context: __dirname,
  entry: {
    level: "./bench/level.bench.ts",
    generate: "./bench/generate.bench.ts",
    consolidate: "./bench/consolidate.bench.ts",
  },
  output: { path: path.resolve(__dirname, ".tmp/bench"), filename: "[name].cjs", clean: true },
  resolve: { extensions: [".ts", ".js"] },
  module: {
    rules: [
      {
        test: /\.ts$/,
        exclude: /node_modules/,
        loader: "ts-loader",
        options: { transpileOnly: true, configFile: path.resolve(__dirname, "tsconfig.json") },
      },
    ],
  },
  optimization: { minimize: false },
  devtool: false,
  performance: { hints: false },
};
