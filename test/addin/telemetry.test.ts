/**
 * No telemetry (SPEC §9). Office's dev tooling (office-addin-dev-certs, custom-functions-metadata)
 * depends on office-addin-usage-data, whose early versions reported to Application Insights. The
 * versions we install have no reporting code; this fails if a lockfile update brings one back.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./helpers/paths";

const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as {
  packages: Record<string, { dependencies?: Record<string, string> }>;
};

/** Where the lockfile installs a package (node_modules/..., possibly nested). */
function installed(name: string): string[] {
  return Object.keys(lock.packages).filter((key) => key.endsWith(`node_modules/${name}`));
}

const NETWORKING =
  /require\(["'](node:)?(https?|net|tls|dgram|applicationinsights)["']\)|\bfetch\(|XMLHttpRequest/;

test("the Application Insights SDK is not installed", () => {
  expect(installed("applicationinsights")).toEqual([]);
});

test("every installed office-addin-usage-data is a version that cannot send anything", () => {
  const problems: string[] = [];
  for (const location of installed("office-addin-usage-data")) {
    if ("applicationinsights" in (lock.packages[location]?.dependencies ?? {})) {
      problems.push(`${location} depends on applicationinsights`);
    }
    const lib = path.join(REPO_ROOT, location, "lib");
    for (const file of readdirSync(lib).filter((name) => name.endsWith(".js"))) {
      if (NETWORKING.test(readFileSync(path.join(lib, file), "utf8"))) {
        problems.push(`${location}/lib/${file} has networking code`);
      }
    }
  }
  expect(problems).toEqual([]);
});
