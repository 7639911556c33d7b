/**
 * Sideloads dist/manifest.xml into desktop Excel the way Office's dev tooling does, or removes it.
 *
 *   npm run sideload   Windows: registers the manifest under HKCU\...\WEF\Developer and opens Excel;
 *                      macOS: copies it into Excel's wef folder and opens Excel;
 *                      elsewhere: prints how to upload it to Excel on the web.
 *   npm run stop       removes the registration (the dev server stops with Ctrl+C).
 */
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DIST_MANIFEST = path.join(ROOT, "dist", "manifest.xml");
const REPO_MANIFEST = path.join(ROOT, "manifest.xml");
const WINDOWS_KEY = String.raw`HKCU\Software\Microsoft\Office\16.0\WEF\Developer`;
const MAC_WEF_FOLDER = path.join(
  os.homedir(),
  "Library/Containers/com.microsoft.Excel/Data/Documents/wef",
);

/** The add-in's <Id>: the name under which Office's tooling registers a manifest. */
function readAddinId(manifestPath) {
  const id = /<Id>\s*([^<\s]+)\s*<\/Id>/.exec(readFileSync(manifestPath, "utf8"))?.[1];
  if (id === undefined) throw new Error(`${manifestPath} has no <Id>`);
  return id;
}

function macManifestCopy(id) {
  return path.join(MAC_WEF_FOLDER, `${id}.manifest.xml`);
}

/**
 * Registers the manifest with desktop Excel and opens Excel; on other systems prints how to
 * sideload it into Excel on the web.
 * @param {string} manifestPath absolute path of the built manifest
 * @param {string} serverUrl where the add-in is served, for the instructions
 * @returns {boolean} whether the manifest was registered
 */
export function sideload(manifestPath = DIST_MANIFEST, serverUrl = "https://localhost:3000") {
  if (!existsSync(manifestPath)) {
    throw new Error(
      `${manifestPath} does not exist: run \`npm run build\` or \`npm start\` first.`,
    );
  }
  const id = readAddinId(manifestPath);
  switch (process.platform) {
    case "win32":
      execFileSync(
        "reg",
        ["add", WINDOWS_KEY, "/v", id, "/t", "REG_SZ", "/d", manifestPath, "/f"],
        {
          stdio: "ignore",
        },
      );
      console.log(`Registered ${manifestPath} for desktop Excel (${WINDOWS_KEY}, value ${id}).`);
      openExcel("cmd", ["/c", "start", "", "excel"]);
      return true;
    case "darwin":
      mkdirSync(MAC_WEF_FOLDER, { recursive: true });
      copyFileSync(manifestPath, macManifestCopy(id));
      console.log(`Copied the manifest to ${macManifestCopy(id)}.`);
      openExcel("open", ["-a", "Microsoft Excel"]);
      console.log(
        "In Excel, open a workbook, then Home > Add-ins: CTMM for Excel is listed there.",
      );
      return true;
    default:
      console.log(webSideloadInstructions(manifestPath, serverUrl));
      return false;
  }
}

/** Undoes `sideload` for desktop Excel. */
export function unsideload() {
  const id = readAddinId(REPO_MANIFEST);
  switch (process.platform) {
    case "win32":
      try {
        execFileSync("reg", ["delete", WINDOWS_KEY, "/v", id, "/f"], { stdio: "ignore" });
        console.log(`Removed the registration ${id} from ${WINDOWS_KEY}.`);
      } catch {
        console.log(`No registration ${id} in ${WINDOWS_KEY}: nothing to remove.`);
      }
      return;
    case "darwin":
      rmSync(macManifestCopy(id), { force: true });
      console.log(`Removed ${macManifestCopy(id)}.`);
      return;
    default:
      console.log(
        "Nothing is registered on this system. In Excel on the web, an uploaded add-in stays until " +
          "you clear the browser's cache.",
      );
  }
}

/** How to sideload by hand into Excel on the web. */
export function webSideloadInstructions(manifestPath, serverUrl) {
  return [
    "",
    "Sideload CTMM for Excel into Excel on the web:",
    `  1. Keep the add-in served (npm start). Open ${serverUrl}/taskpane.html once in the browser`,
    "     you use for Excel, so that it accepts the development certificate.",
    "  2. Open a workbook in Excel on the web (Microsoft 365 or OneDrive).",
    "  3. Home > Add-ins > More add-ins (older ribbons: Insert > Office Add-ins), then",
    "     My Add-ins > Manage My Add-ins > Upload My Add-in.",
    `  4. Browse to ${manifestPath} and choose Upload.`,
    "  5. The CTMM tab appears on the ribbon, and =CTMM.VERSION() works in any cell.",
    "To remove it, clear the browser's cache. Stop the server with Ctrl+C.",
    "",
  ].join("\n");
}

function openExcel(command, args) {
  const child = spawn(command, args, { detached: true, stdio: "ignore" });
  child.on("error", (error) =>
    console.warn(`Could not open Excel (${error.message}): open it yourself.`),
  );
  child.unref();
}

if (
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  try {
    if (process.argv.includes("--remove")) unsideload();
    else sideload();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
