import { BUILTIN_PACK, describePack } from "../../src/model";
import { matchPack, packMatchMessage } from "../../src/sheet/matchPack";
import { META_SHEET, planWorkbook } from "../../src/sheet/planWorkbook";
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

  it("names both packs when the id or the version differs", () => {
    expect(matchPack({ ...OURS, packVersion: "0.9.0-draft" }, BUILTIN_PACK)).toEqual({
      status: "mismatch",
      sheet: { id: BUILTIN_PACK.id, version: "0.9.0-draft" },
      pack: { id: BUILTIN_PACK.id, version: BUILTIN_PACK.version },
    });
    expect(matchPack({ ...OURS, packId: "local" }, BUILTIN_PACK)).toMatchObject({
      status: "mismatch",
      sheet: { id: "local", version: BUILTIN_PACK.version },
    });
  });

  it("cannot confirm a sheet without metadata", () => {
    expect(matchPack(null, BUILTIN_PACK)).toEqual({ status: "unrecorded" });
    expect(matchPack(undefined, BUILTIN_PACK)).toEqual({ status: "unrecorded" });
  });
});

describe("packMatchMessage", () => {
  const mismatch = matchPack({ packId: "local", packVersion: "2" }, BUILTIN_PACK);

  it("says which model the sheet was made for and which one is active, in both languages", () => {
    if (mismatch.status === "match") throw new Error("expected a mismatch");
    expect(packMatchMessage(mismatch, "en-US")).toBe(
      `This sheet was made for model local 2, not ${describePack(BUILTIN_PACK)}; upgrade it with ctmm upgrade`,
    );
    expect(packMatchMessage(mismatch, "zh-CN")).toBe(
      `此表按模型 local 2 生成，当前模型为 ${describePack(BUILTIN_PACK)}；请用 ctmm upgrade 升级`,
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
