/**
 * package-lock.json stays as `npm install` leaves it, with the npm of Node 20 (npm 10) and with
 * npm 11 alike, so that a fresh install leaves the working tree clean. npm 11 writes a `libc`
 * field on platform-specific optional packages (@parcel/watcher-linux-*, @unrs/resolver-binding-*)
 * that npm 10 removes again; npm 11 keeps a lock without them as it is (checked by hand with both,
 * on a fresh clone and over an existing node_modules). `npm ci` works from it with both.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./helpers/paths";

interface LockEntry {
  readonly version?: string;
  readonly libc?: readonly string[];
}

const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
};
const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe("package-lock.json", () => {
  it("is lockfile version 3, and lists every dependency package.json names", () => {
    expect(lock.lockfileVersion).toBe(3);
    for (const name of [
      ...Object.keys(manifest.dependencies),
      ...Object.keys(manifest.devDependencies),
    ]) {
      expect([name, lock.packages[`node_modules/${name}`]?.version]).toEqual([
        name,
        expect.any(String),
      ]);
    }
  });

  it("has no libc fields, which npm 10 would strip (remove them, or run npm 10's install)", () => {
    const withLibc = Object.entries(lock.packages)
      .filter(([, entry]) => entry.libc !== undefined)
      .map(([name]) => name);
    expect(withLibc).toEqual([]);
  });
});
