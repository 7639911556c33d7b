/**
 * The production build in dist/: every file the manifest and the page need, custom functions that
 * register themselves in Excel and stay quiet elsewhere, and nothing fetched at run time but
 * office.js (SPEC §9, "Offline").
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { resolveAddinUrl } from "../../scripts/manifest-url.cjs";
import { BUILTIN_PACK, describePack } from "../../src/model";
import { DIST, REPO_ROOT, distPath, readDist } from "./helpers/paths";

const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const ICON_SIZES = [16, 32, 64, 80, 128];

/** Every file of dist/, relative, with forward slashes. */
function distFiles(): string[] {
  return readdirSync(distPath("."), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(DIST, path.join(entry.parentPath, entry.name)))
    .map((file) => file.split(path.sep).join("/"))
    .sort();
}

interface FunctionMetadata {
  id: string;
  name: string;
  description: string;
  parameters: unknown[];
  result: { type: string; dimensionality?: string };
}

function functionsMetadata(): FunctionMetadata[] {
  return (JSON.parse(readDist("functions.json")) as { functions: FunctionMetadata[] }).functions;
}

type CustomFunction = (...args: unknown[]) => unknown;

/** Runs dist/functions.js the way a browser would, with the given globals; returns what it registered. */
function runFunctionsBundle(withCustomFunctions: boolean): Map<string, CustomFunction> {
  const registered = new Map<string, CustomFunction>();
  const globals: Record<string, unknown> = {};
  if (withCustomFunctions) {
    globals.CustomFunctions = {
      associate(id: string, fn: CustomFunction) {
        if (registered.has(id)) throw new Error(`${id} is associated twice`);
        registered.set(id, fn);
      },
    };
  }
  const context = vm.createContext(globals);
  context.self = context;
  vm.runInContext(readDist("functions.js"), context, { filename: "functions.js" });
  return registered;
}

describe("dist/", () => {
  test("holds the page, the bundles, the metadata, the manifest and the icons", () => {
    expect(distFiles()).toEqual(
      expect.arrayContaining([
        "taskpane.html",
        "taskpane.js",
        "functions.js",
        "functions.json",
        "manifest.xml",
        ...ICON_SIZES.map((size) => `assets/icon-${size}.png`),
      ]),
    );
  });

  test.each(ICON_SIZES)("has a %i×%i PNG icon", (size) => {
    const png = readFileSync(distPath(`assets/icon-${size}.png`));
    expect(png.subarray(0, 8)).toEqual(Buffer.from("\x89PNG\r\n\x1a\n", "latin1"));
    expect(png.subarray(12, 16).toString("latin1")).toBe("IHDR");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
  });
});

describe("taskpane.html", () => {
  const html = () => readDist("taskpane.html");

  test("loads office.js first, then the functions and the task pane bundles", () => {
    const scripts = [...html().matchAll(/<script\b([^>]*)>/g)].map((match) => match[1] ?? "");
    const src = (attributes: string) => /\bsrc=["']?([^"'\s>]+)/.exec(attributes)?.[1];
    expect(scripts.map(src)).toEqual([OFFICE_JS, "functions.js", "taskpane.js"]);
    // office.js must have run before the bundles register custom functions.
    expect(scripts[0]).not.toMatch(/\b(defer|async)\b/);
    expect(scripts.slice(1).every((attributes) => /\bdefer\b/.test(attributes))).toBe(true);
  });

  test("declares its language and says what to do without JavaScript or outside Excel", () => {
    expect(html()).toMatch(/<html[^>]*\blang=["']?en\b/);
    expect(html()).toMatch(/<noscript>[\s\S]*JavaScript[\s\S]*<\/noscript>/);
    expect(html()).toContain("manifest.xml");
  });

  test("references nothing but office.js and files of dist/", () => {
    const references = [...html().matchAll(/\b(?:src|href)=["']?([^"'\s>]+)/g)].map((m) => m[1]);
    const missing = references.filter(
      (reference) => reference !== OFFICE_JS && !distFiles().includes(reference ?? ""),
    );
    expect(missing).toEqual([]);
  });
});

describe("custom functions", () => {
  test("functions.json describes CTMM.VERSION from the JSDoc", () => {
    const version = functionsMetadata().find((fn) => fn.id === "VERSION");
    expect(version).toMatchObject({
      id: "VERSION",
      name: "VERSION",
      parameters: [],
      result: { type: "string" },
    });
    expect(version?.description).toMatch(/model pack/);
    expect(version?.description).not.toContain("\n");
  });

  test("functions.json has unique upper-case ids", () => {
    const ids = functionsMetadata().map((fn) => fn.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !/^[A-Z][A-Z0-9._]*$/.test(id))).toEqual([]);
  });

  test("functions.js registers every function of functions.json, on its own", () => {
    const registered = runFunctionsBundle(true);
    expect([...registered.keys()].sort()).toEqual(
      functionsMetadata()
        .map((fn) => fn.id)
        .sort(),
    );
    expect(registered.get("VERSION")?.()).toBe(describePack(BUILTIN_PACK));
  });

  test("functions.js runs without error where Excel's CustomFunctions is absent", () => {
    expect(() => runFunctionsBundle(false)).not.toThrow();
  });
});

/**
 * Every absolute URL the emitted code and markup may contain, and why it is harmless. Source maps
 * are left out: they embed third-party sources with their comments, and only developer tools
 * fetch them.
 */
const ALLOWED_URLS: { readonly pattern: RegExp; readonly why: string }[] = [
  {
    pattern: /^https:\/\/appsforoffice\.microsoft\.com\/lib\/1\/hosted\/office\.js$/,
    why: "Office's own library: the one resource loaded from the network",
  },
  {
    pattern:
      /^http:\/\/schemas\.microsoft\.com\/office\/[a-z]+\/1\.[01]$|taskpaneappversionoverrides$/,
    why: "XML namespace names of the manifest: identifiers, never fetched",
  },
  {
    pattern:
      /^http:\/\/www\.w3\.org\/(2000\/svg|1999\/xlink|1998\/Math\/MathML|XML\/1998\/namespace|2001\/XMLSchema-instance)$/,
    why: "SVG, XLink, MathML, XML and XSI namespace names (React DOM, the manifest): never fetched",
  },
  {
    pattern: /^https:\/\/react\.dev\/errors\/$/,
    why: "the link React's minified error messages print for the developer: text, never fetched",
  },
];

describe("run-time network access", () => {
  const addinUrl = resolveAddinUrl(process.env);

  test("no emitted file names a host other than the hosting URL and office.js", () => {
    const unexpected: string[] = [];
    for (const file of distFiles().filter((name) => !/\.(map|png)$/.test(name))) {
      for (const [url] of readDist(file).matchAll(/\bhttps?:\/\/[^\s"'`<>()\\]+/g)) {
        const allowed =
          url.startsWith(`${addinUrl}/`) || ALLOWED_URLS.some(({ pattern }) => pattern.test(url));
        if (!allowed) unexpected.push(`${file}: ${url}`);
      }
    }
    expect(unexpected).toEqual([]);
  });

  test("no emitted file, source maps included, contains a path of the build machine", () => {
    const leaking = distFiles()
      .filter((file) => !file.endsWith(".png"))
      .filter((file) => readDist(file).includes(REPO_ROOT));
    expect(leaking).toEqual([]);
  });

  test("source maps name their sources relative to the project", () => {
    for (const file of distFiles().filter((name) => name.endsWith(".map"))) {
      const { sources } = JSON.parse(readDist(file)) as { sources: string[] };
      expect(sources.filter((source) => !source.startsWith("webpack://ctmm-excel/"))).toEqual([]);
    }
  });
});
