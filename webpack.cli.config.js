/**
 * Builds the `ctmm` command line into lib/ctmm.cjs: one self-contained CommonJS file for Node, so
 * `npx ctmm` starts fast and needs nothing but the installed dependencies. `npm install` builds it
 * (the `prepare` script); `npm run build` rebuilds it with the add-in.
 */
const path = require("node:path");
const webpack = require("webpack");

module.exports = {
  mode: "production",
  target: "node20",
  context: __dirname,
  entry: "./src/cli/bin.ts",
  output: {
    path: path.resolve(__dirname, "lib"),
    filename: "ctmm.cjs",
    library: { type: "commonjs2" },
    clean: true,
  },
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
  // Readable stack-free code is not needed; a small, fast file is.
  optimization: { minimize: false },
  devtool: false,
  plugins: [new webpack.BannerPlugin({ banner: "#!/usr/bin/env node", raw: true })],
  performance: { hints: false },
};
