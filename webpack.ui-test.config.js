/**
 * Bundles the browser tests' stand-in for office.js (test/ui/fakeOffice.ts, with the in-memory
 * Excel of test/host/) into .tmp/ui/office.js. The task pane itself is the production build in
 * dist/, unchanged.
 */
const path = require("node:path");

module.exports = {
  mode: "development",
  target: ["web", "es2020"],
  context: __dirname,
  entry: { office: "./test/ui/fakeOffice.ts" },
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
  performance: { hints: false },
};
