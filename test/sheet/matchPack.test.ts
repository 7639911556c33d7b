import { BUILTIN_PACK, describePack } from "../../src/model";
import { compareVersions, matchPack, packMatchMessage } from "../../src/sheet/matchPack";
import { META_SHEET } from "../../src/sheet/contract";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { readSheetAssessment } from "../../src/sheet/readAssessment";
import { validateWorkbook } from "../../src/sheet/validateWorkbook";
import { readXlsx, writeXlsx } from "../../src/xlsx";

const OURS = { packId: BUILTIN_PACK.id, packVersion: BUILTIN_PACK.version };

describe("matchPack", () => {
  it("matches a sheet made for the pack, by id and version", () => {
    const { plan } = planWorkbook(BUILTIN_PACK, {
      language: "en-US",
      mode: "full",
      formulaStyle: "portable",
      districts: ["Heping"],
    });
    const { metadata } = readSheetAssessment(readXlsx(writeXlsx(plan)), "Heping");
    expect(matchPack(metadata, BUILTIN_PACK)).toEqual({ status: "match" });
    expect(matchPack(OURS, BUILTIN_PACK)).toEqual({ status: "match" });
  });

  it("names both packs when the id or the version differs, and says which is newer", () => {
    expect(matchPack({ ...OURS, packVersion: "0.9.0-draft" }, BUILTIN_PACK)).toEqual({
      status: "mismatch",
      reason: "older",
      sheet: { id: BUILTIN_PACK.id, version: "0.9.0-draft" },
      pack: { id: BUILTIN_PACK.id, version: BUILTIN_PACK.version },
    });
    // The release is newer than its draft (BUILTIN_PACK is 1.0.0-draft).
    expect(matchPack({ ...OURS, packVersion: "1.0.0" }, BUILTIN_PACK)).toMatchObject({
      reason: "newer",
    });
    expect(matchPack({ ...OURS, packId: "local" }, BUILTIN_PACK)).toMatchObject({
      status: "mismatch",
      reason: "otherPack",
      sheet: { id: "local", version: BUILTIN_PACK.version },
    });
  });
});

describe("compareVersions", () => {
  const sign = (a: string, b: string) => Math.sign(compareVersions(a, b));

  it.each([
    ["0.9.0-draft", "1.0.0-draft"],
    ["1.0.0-draft", "1.0.0"],
    ["1.0.0", "1.0.1-draft"],
    ["1.9", "1.10"],
    ["1.0.0-alpha", "1.0.0-alpha.1"],
    ["1.0.0-alpha.2", "1.0.0-alpha.10"],
    ["1.0.0-1", "1.0.0-alpha"],
    ["1.0.0-beta", "1.0.0-rc.1"],
    ["1", "2"],
  ])("orders %s before %s, and the other way round after", (older, newer) => {
    expect(sign(older, newer)).toBe(-1);
    expect(sign(newer, older)).toBe(1);
  });

  it("holds equal what is written differently", () => {
    expect(sign("2", "2.0.0")).toBe(0);
    expect(sign("v1.2.0", "1.2")).toBe(0);
    expect(sign("1.0.0+build.5", "1.0.0")).toBe(0);
    expect(sign("1.0.0-draft", "1.0.0-draft")).toBe(0);
  });

  it("cannot confirm a sheet without metadata", () => {
    expect(matchPack(null, BUILTIN_PACK)).toEqual({ status: "unrecorded" });
    expect(matchPack(undefined, BUILTIN_PACK)).toEqual({ status: "unrecorded" });
  });
});

describe("packMatchMessage", () => {
  const mismatchOf = (packId: string, packVersion: string) => {
    const match = matchPack({ packId, packVersion }, BUILTIN_PACK);
    if (match.status === "match") throw new Error("expected a mismatch");
    return match;
  };
  const active = describePack(BUILTIN_PACK);

  it("says which model the sheet was made for, which one is active, and what to do", () => {
    const other = mismatchOf("local", "2");
    expect(packMatchMessage(other, "en-US")).toBe(
      `This sheet was made for model local 2, not ${active}: another model; use that model's pack (ctmm --model PACK.json, or load it in the task pane's Settings)`,
    );
    expect(packMatchMessage(other, "zh-CN")).toBe(
      `此表按模型 local 2 生成，当前模型为 ${active}，不是同一模型；请使用该模型的模型包（ctmm --model 模型包.json，或在任务窗格的“设置”中加载）`,
    );
    const older = mismatchOf(BUILTIN_PACK.id, "0.9.0-draft");
    expect(packMatchMessage(older, "en-US")).toBe(
      `This sheet was made for model ${BUILTIN_PACK.id} 0.9.0-draft, not ${active}: an older version of the model; upgrade it with ctmm upgrade`,
    );
    expect(packMatchMessage(older, "zh-CN")).toMatch(/此表的模型版本较旧；请用 ctmm upgrade 升级$/);
    const newer = mismatchOf(BUILTIN_PACK.id, "1.0.0");
    expect(packMatchMessage(newer, "en-US")).toBe(
      `This sheet was made for model ${BUILTIN_PACK.id} 1.0.0, not ${active}: a newer version of the model; use the newer model pack (ctmm --model PACK.json, or load it in the task pane's Settings)`,
    );
    expect(packMatchMessage(newer, "zh-CN")).toMatch(
      /此表的模型版本较新；请使用较新的模型包（ctmm --model/,
    );
    expect(packMatchMessage({ status: "unrecorded" }, "en-US")).toMatch(
      /No model version is recorded for this sheet/,
    );
    expect(packMatchMessage({ status: "unrecorded" }, "zh-CN")).toMatch(/找不到此表的模型版本信息/);
  });

  it("is what validation reports as MODEL_MISMATCH", () => {
    const { plan } = planWorkbook(BUILTIN_PACK, {
      language: "zh-CN",
      mode: "full",
      formulaStyle: "portable",
      districts: ["和平区"],
    });
    const crafted = {
      ...plan,
      sheets: plan.sheets.map((s) =>
        s.name === META_SHEET
          ? {
              ...s,
              cells: s.cells.map((c) =>
                c.row === 1 && c.column === 1 ? { ...c, value: "local" } : c,
              ),
            }
          : s,
      ),
    };
    const grid = readXlsx(writeXlsx(crafted));
    const [finding] = validateWorkbook(grid, BUILTIN_PACK).filter(
      (f) => f.code === "MODEL_MISMATCH",
    );
    const match = matchPack(readSheetAssessment(grid, "和平区").metadata, BUILTIN_PACK);
    if (match.status === "match") throw new Error("expected a mismatch");
    expect(finding!.message).toEqual({
      "zh-CN": packMatchMessage(match, "zh-CN"),
      "en-US": packMatchMessage(match, "en-US"),
    });
    expect(finding!.message["en-US"]).toMatch(/made for model local /);
  });
});
