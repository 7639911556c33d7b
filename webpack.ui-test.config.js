/** Bundles the task pane test harness (test/ui/harness.tsx) for headless Chromium. */
const path = require("node:path");
const HtmlWebpackPlugin = require("html-webpack-plugin");

module.exports = {
  mode: "development",
  target: ["web", "es2020"],
  context: __dirname,
  entry: { harness: "./test/ui/harness.tsx" },
  output: { path: path.resolve(__dirname, ".tmp/ui"), filename: "[name].js", clean: true },
  resolve: { extensions: [".ts", ".tsx", ".js"] },
  module: {
    rules: [
      {
        test: /\.tsx?$/,
        exclude: /node_modules/,
        loader: "ts-loader",
        options: { transpileOnly: true, configFile: path.resolve(__dirname, "tsconfig.json") },
      },
    ],
  },
  devtool: false,
  plugins: [
    new HtmlWebpackPlugin({
      filename: "harness.html",
      templateContent:
        '<!doctype html><html><head><meta charset="utf-8"><title>CTMM pane test</title></head><body><div id="root"></div></body></html>',
    }),
  ],
  performance: { hints: false },
};
