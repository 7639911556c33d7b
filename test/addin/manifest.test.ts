/**
 * The add-in manifest, as written (manifest.xml) and as built (dist/manifest.xml): the rules Office
 * applies when it loads a shared-runtime add-in with custom functions, and ours (two languages, one
 * hosting URL).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  DEFAULT_ADDIN_URL,
  resolveAddinUrl,
  rewriteManifestUrls,
} from "../../scripts/manifest-url.cjs";
import { DIST, REPO_ROOT, readDist } from "./helpers/paths";
import {
  allValues,
  at,
  childrenNamed,
  descendants,
  onlyChild,
  parseXml,
  type XmlElement,
} from "./helpers/xml";

const REPO_MANIFEST = readFileSync(path.join(REPO_ROOT, "manifest.xml"), "utf8");
const PACKAGE_VERSION = (
  JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }
).version;

/** The base manifest's elements in the order of the schema (offappmanifest 1.1, TaskPaneApp). */
const BASE_ELEMENT_ORDER = [
  "Id",
  "AlternateId",
  "Version",
  "ProviderName",
  "DefaultLocale",
  "DisplayName",
  "Description",
  "IconUrl",
  "HighResolutionIconUrl",
  "SupportUrl",
  "AppDomains",
  "Hosts",
  "Requirements",
  "DefaultSettings",
  "Permissions",
  "AllowSnapshot",
  "VersionOverrides",
];

type ResourceKind = "bt:Images" | "bt:Urls" | "bt:ShortStrings" | "bt:LongStrings";

/** Which kind of resource each element with a `resid` must reference. */
const RESID_KIND: Readonly<Record<string, ResourceKind>> = {
  Runtime: "bt:Urls",
  SourceLocation: "bt:Urls",
  FunctionFile: "bt:Urls",
  LearnMoreUrl: "bt:Urls",
  "bt:Image": "bt:Images",
  Label: "bt:ShortStrings",
  Title: "bt:ShortStrings",
  Namespace: "bt:ShortStrings",
  Description: "bt:LongStrings",
};

/** Office's limits on resource strings. */
const MAX_LENGTH: Readonly<Partial<Record<ResourceKind, number>>> = {
  "bt:ShortStrings": 125,
  "bt:LongStrings": 250,
};
const MAX_RESID_LENGTH = 32;

interface Resource {
  readonly id: string;
  readonly kind: ResourceKind;
  readonly element: XmlElement;
}

function resourcesOf(manifest: XmlElement): Map<string, Resource> {
  const resources = new Map<string, Resource>();
  for (const group of at(manifest, "VersionOverrides", "Resources").children) {
    for (const element of group.children) {
      const id = element.attributes.id ?? "";
      if (resources.has(id)) throw new Error(`resource id ${id} is defined twice`);
      resources.set(id, { id, kind: group.name as ResourceKind, element });
    }
  }
  return resources;
}

function workbookHost(manifest: XmlElement): XmlElement {
  return onlyChild(at(manifest, "VersionOverrides", "Hosts"), "Host");
}

function customFunctionsPoint(manifest: XmlElement): XmlElement {
  const points = childrenNamed(
    onlyChild(workbookHost(manifest), "AllFormFactors"),
    "ExtensionPoint",
  ).filter((point) => point.attributes["xsi:type"] === "CustomFunctions");
  expect(points).toHaveLength(1);
  return points[0] as XmlElement;
}

/** The URL a `resid` stands for. */
function urlOf(manifest: XmlElement, resid: string | undefined): string {
  const resource = resourcesOf(manifest).get(resid ?? "");
  if (resource?.kind !== "bt:Urls") throw new Error(`${resid} is not a bt:Url`);
  return resource.element.attributes.DefaultValue ?? "";
}

/** Every URL in the document (attribute values and texts; namespace declarations excluded). */
function urlsIn(manifest: XmlElement): string[] {
  const withoutNamespaces = (element: XmlElement): XmlElement => ({
    ...element,
    attributes: Object.fromEntries(
      Object.entries(element.attributes).filter(([name]) => !name.startsWith("xmlns")),
    ),
    children: element.children.map(withoutNamespaces),
  });
  return allValues(withoutNamespaces(manifest)).filter((value) => /^[a-z]+:\/\//i.test(value));
}

const manifests: [string, () => string][] = [
  ["manifest.xml", () => REPO_MANIFEST],
  ["dist/manifest.xml", () => readDist("manifest.xml")],
];

describe.each(manifests)("%s", (_name, load) => {
  let manifest: XmlElement;
  beforeAll(() => {
    manifest = parseXml(load());
  });

  test("is a well-formed task pane add-in manifest", () => {
    expect(manifest.name).toBe("OfficeApp");
    expect(manifest.attributes["xsi:type"]).toBe("TaskPaneApp");
  });

  test("lists its base elements in the schema's order", () => {
    const positions = manifest.children.map((child) => BASE_ELEMENT_ORDER.indexOf(child.name));
    expect(positions).not.toContain(-1);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(positions).size).toBe(positions.length);
  });

  test("identifies an Excel add-in whose version follows package.json", () => {
    expect(onlyChild(manifest, "Id").text).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(onlyChild(manifest, "Version").text).toBe(`${PACKAGE_VERSION}.0`);
    expect(onlyChild(manifest, "DefaultLocale").text).toBe("en-US");
    expect(childrenNamed(at(manifest, "Hosts"), "Host").map((h) => h.attributes.Name)).toEqual([
      "Workbook",
    ]);
  });

  test("has an English name and description with Chinese overrides", () => {
    for (const [element, english] of [
      ["DisplayName", "CTMM for Excel"],
      ["Description", undefined],
    ] as const) {
      const node = onlyChild(manifest, element);
      if (english !== undefined) expect(node.attributes.DefaultValue).toBe(english);
      expect(node.attributes.DefaultValue).toMatch(/\S/);
      const overrides = childrenNamed(node, "Override");
      expect(overrides.map((o) => o.attributes.Locale)).toEqual(["zh-CN"]);
      expect(overrides[0]?.attributes.Value).toMatch(/\p{Script=Han}/u);
    }
    expect(onlyChild(manifest, "DisplayName").children[0]?.attributes.Value).toBe(
      "CTMM 成熟度评估",
    );
  });

  test("requires ExcelApi 1.9, the shared runtime and the custom functions runtime", () => {
    const sets = childrenNamed(at(manifest, "Requirements", "Sets"), "Set").map(
      (set) => `${set.attributes.Name} ${set.attributes.MinVersion}`,
    );
    expect(sets).toEqual(
      expect.arrayContaining(["ExcelApi 1.9", "SharedRuntime 1.1", "CustomFunctionsRuntime 1.1"]),
    );
  });

  test("declares the ExcelApi version the pane checks at start", () => {
    const source = readFileSync(path.join(REPO_ROOT, "src", "taskpane", "index.tsx"), "utf8");
    const checked = /REQUIRED_EXCEL_API = "([\d.]+)"/.exec(source)?.[1];
    const declared = childrenNamed(at(manifest, "Requirements", "Sets"), "Set").find(
      (set) => set.attributes.Name === "ExcelApi",
    )?.attributes.MinVersion;
    expect(checked).toBe(declared);
  });

  test("asks for ReadWriteDocument", () => {
    expect(onlyChild(manifest, "Permissions").text).toBe("ReadWriteDocument");
  });

  test("declares the shared runtime as the first child of the workbook host", () => {
    const host = workbookHost(manifest);
    expect(host.attributes["xsi:type"]).toBe("Workbook");
    expect(host.children.map((child) => child.name)).toEqual([
      "Runtimes",
      "AllFormFactors",
      "DesktopFormFactor",
    ]);
    const runtimes = childrenNamed(onlyChild(host, "Runtimes"), "Runtime");
    expect(runtimes).toHaveLength(1);
    expect(runtimes[0]?.attributes.lifetime).toBe("long");
  });

  test("uses one resid for the shared runtime everywhere", () => {
    const host = workbookHost(manifest);
    const runtime = at(host, "Runtimes", "Runtime").attributes.resid;
    const page = at(customFunctionsPoint(manifest), "Page", "SourceLocation").attributes.resid;
    const functionFile = at(host, "DesktopFormFactor", "FunctionFile").attributes.resid;
    const showTaskpane = descendants(host, "Action")
      .filter((action) => action.attributes["xsi:type"] === "ShowTaskpane")
      .map((action) => onlyChild(action, "SourceLocation").attributes.resid);

    expect(runtime).toBeDefined();
    expect(showTaskpane.length).toBeGreaterThan(0);
    expect([page, functionFile, ...showTaskpane]).toEqual(
      Array(2 + showTaskpane.length).fill(runtime),
    );
    // The runtime's page is the task pane page, which is also the default source location.
    const runtimeUrl = urlOf(manifest, runtime);
    expect(runtimeUrl).toMatch(/\/taskpane\.html$/);
    expect(at(manifest, "DefaultSettings", "SourceLocation").attributes.DefaultValue).toBe(
      runtimeUrl,
    );
  });

  test("declares the custom functions in the CTMM namespace", () => {
    const point = customFunctionsPoint(manifest);
    expect(point.children.map((child) => child.name)).toEqual([
      "Script",
      "Page",
      "Metadata",
      "Namespace",
    ]);
    expect(urlOf(manifest, at(point, "Script", "SourceLocation").attributes.resid)).toMatch(
      /\/functions\.js$/,
    );
    expect(urlOf(manifest, at(point, "Metadata", "SourceLocation").attributes.resid)).toMatch(
      /\/functions\.json$/,
    );
    const namespace = resourcesOf(manifest).get(onlyChild(point, "Namespace").attributes.resid!);
    expect(namespace?.kind).toBe("bt:ShortStrings");
    // The namespace is the same in every language, so that formulas travel between them.
    const values = [
      namespace?.element.attributes.DefaultValue,
      ...childrenNamed(namespace!.element, "bt:Override").map((o) => o.attributes.Value),
    ];
    expect(new Set(values)).toEqual(new Set(["CTMM"]));
  });

  test("resolves every resid to a resource of the right kind, and uses every resource", () => {
    const resources = resourcesOf(manifest);
    const referenced = descendants(manifest).filter((element) => "resid" in element.attributes);
    const problems: string[] = [];
    for (const element of referenced) {
      const resid = element.attributes.resid ?? "";
      const expected = RESID_KIND[element.name];
      const resource = resources.get(resid);
      if (expected === undefined) problems.push(`no rule for resid on <${element.name}>`);
      else if (resource === undefined) problems.push(`<${element.name}> resid ${resid} undefined`);
      else if (resource.kind !== expected)
        problems.push(`<${element.name}> resid ${resid} is in ${resource.kind}, not ${expected}`);
    }
    const used = new Set(referenced.map((element) => element.attributes.resid));
    for (const id of resources.keys()) {
      if (!used.has(id)) problems.push(`resource ${id} is never used`);
      if (id.length > MAX_RESID_LENGTH) problems.push(`resource id ${id} is too long`);
    }
    expect(problems).toEqual([]);
  });

  test("has an English default and a Chinese override for every label", () => {
    const problems: string[] = [];
    for (const { id, kind, element } of resourcesOf(manifest).values()) {
      if (kind !== "bt:ShortStrings" && kind !== "bt:LongStrings") continue;
      const overrides = childrenNamed(element, "bt:Override");
      const values = [element.attributes.DefaultValue, ...overrides.map((o) => o.attributes.Value)];
      if (!/\S/.test(element.attributes.DefaultValue ?? "")) problems.push(`${id}: no default`);
      if (overrides.map((o) => o.attributes.Locale).join() !== "zh-CN")
        problems.push(`${id}: overrides are not exactly one zh-CN`);
      if (values.some((value) => !/\S/.test(value ?? ""))) problems.push(`${id}: empty value`);
      if (values.some((value) => (value ?? "").length > (MAX_LENGTH[kind] ?? Infinity)))
        problems.push(`${id}: longer than ${MAX_LENGTH[kind]} characters`);
    }
    expect(problems).toEqual([]);
  });

  test("loads everything over HTTPS", () => {
    const urls = urlsIn(manifest);
    expect(urls.length).toBeGreaterThan(5);
    expect(urls.filter((url) => !url.startsWith("https://"))).toEqual([]);
  });
});

describe("dist/manifest.xml", () => {
  const addinUrl = resolveAddinUrl(process.env);

  test("is the repository's manifest pointed at the hosting URL of the build", () => {
    expect(readDist("manifest.xml")).toBe(rewriteManifestUrls(REPO_MANIFEST, addinUrl));
  });

  test("points every URL at a file of dist/ under the hosting URL", () => {
    const problems = urlsIn(parseXml(readDist("manifest.xml")))
      .map((url) => {
        if (!url.startsWith(`${addinUrl}/`)) return `${url}: not under ${addinUrl}`;
        const file = path.join(
          DIST,
          new URL(url).pathname.slice(new URL(addinUrl).pathname.length),
        );
        return existsSync(file) ? undefined : `${url}: no ${path.relative(REPO_ROOT, file)}`;
      })
      .filter((problem) => problem !== undefined);
    expect(problems).toEqual([]);
  });
});

describe("the hosting URL", () => {
  const CUSTOM_URL = "https://ctmm.example.gov.cn/addin";

  test("defaults to the dev server and drops trailing slashes", () => {
    expect(resolveAddinUrl({})).toBe(DEFAULT_ADDIN_URL);
    expect(resolveAddinUrl({ ADDIN_URL: "  " })).toBe(DEFAULT_ADDIN_URL);
    expect(resolveAddinUrl({ ADDIN_URL: `${CUSTOM_URL}//` })).toBe(CUSTOM_URL);
  });

  test.each(["http://ctmm.example.gov.cn", "ctmm.example.gov.cn", "https://x.cn/?v=1"])(
    "refuses %s",
    (url) => {
      expect(() => resolveAddinUrl({ ADDIN_URL: url })).toThrow(/ADDIN_URL/);
    },
  );

  test("replaces every occurrence, not only the first", () => {
    const twice = `<a href="${DEFAULT_ADDIN_URL}/x"/><b href="${DEFAULT_ADDIN_URL}/y"/>`;
    expect(rewriteManifestUrls(twice, CUSTOM_URL)).toBe(
      `<a href="${CUSTOM_URL}/x"/><b href="${CUSTOM_URL}/y"/>`,
    );
  });

  test("leaves no trace of the default URL in a manifest built for another host", () => {
    const occurrences = REPO_MANIFEST.split(DEFAULT_ADDIN_URL).length - 1;
    const rewritten = rewriteManifestUrls(REPO_MANIFEST, CUSTOM_URL);

    expect(occurrences).toBeGreaterThan(1);
    expect(rewritten).not.toContain(DEFAULT_ADDIN_URL);
    expect(rewritten).not.toContain("localhost");
    expect(rewritten.split(CUSTOM_URL).length - 1).toBe(occurrences);
    const urls = urlsIn(parseXml(rewritten));
    expect(urls.filter((url) => !url.startsWith(`${CUSTOM_URL}/`))).toEqual([]);
  });

  test("keeps the manifest unchanged for the default URL", () => {
    expect(rewriteManifestUrls(REPO_MANIFEST, DEFAULT_ADDIN_URL)).toBe(REPO_MANIFEST);
  });
});
