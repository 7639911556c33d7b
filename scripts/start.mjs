/**
 * `npm start`: builds the add-in in development mode, serves it at https://localhost:3000 with
 * Office's development certificates, and sideloads it (scripts/sideload.mjs): into desktop Excel on
 * Windows and macOS; elsewhere it prints how to upload the manifest to Excel on the web.
 *
 * The dev server does the build: it writes dist/ as well as serving it, so the manifest that is
 * sideloaded is always the one being served, and every save rebuilds both.
 */
import { createRequire } from "node:module";
import process from "node:process";
import webpack from "webpack";
import WebpackDevServer from "webpack-dev-server";
import { DIST_MANIFEST, sideload } from "./sideload.mjs";

const require = createRequire(import.meta.url);
const configure = require("../webpack.config.js");

const { devServer, ...config } = await configure({ WEBPACK_SERVE: true }, { mode: "development" });
const compiler = webpack(config);
const firstBuild = new Promise((resolve) => compiler.hooks.done.tap("ctmm-start", resolve));
const server = new WebpackDevServer(devServer, compiler);

try {
  await server.start();
} catch (error) {
  console.error(`Could not start the dev server on port ${devServer.port}: ${error.message}`);
  process.exit(1);
}

const stats = await firstBuild;
const serverUrl = `https://localhost:${devServer.port}`;
if (stats.hasErrors()) {
  console.error(`The build failed (see above). ${serverUrl} rebuilds when you save a file.`);
} else {
  console.log(`CTMM for Excel is served at ${serverUrl}/taskpane.html`);
  try {
    sideload(DIST_MANIFEST, serverUrl);
  } catch (error) {
    console.error(`Sideloading failed: ${error.message}`);
    console.error(`Sideload ${DIST_MANIFEST} by hand; the server keeps running.`);
  }
}
