/** Where the tests of the add-in find the repository and the build output. */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "../../..");
export const DIST = path.join(REPO_ROOT, "dist");

/** Reads a file of dist/, with a hint when the build has not run. */
export function readDist(relativePath: string): string {
  return readFileSync(distPath(relativePath), "utf8");
}

/** The absolute path of a file in dist/; throws with a hint when the build has not run. */
export function distPath(relativePath: string): string {
  const file = path.join(DIST, relativePath);
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: these tests check the build, run \`npm run build\` first`);
  }
  return file;
}
