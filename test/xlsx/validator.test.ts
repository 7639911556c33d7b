/**
 * Every other kind of workbook we write, against the ECMA-376 schemas and package rules (the
 * templates are checked in printSetup.test.ts): the consolidation summary, the review workbook
 * (charts included), an upgraded return,
 * and a workbook generated through the Office JS adapter with its live summary sheet, as the
 * test host exports it.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { generateAssessments } from "../../src/excel/generate";
import { BUILTIN_PACK, listItems } from "../../src/model";
import { consolidateGrid } from "../../src/sheet/consolidate";
import { carryEntries, readSheetEntries } from "../../src/sheet/entries";
import { fillPlan } from "../../src/sheet/fillPlan";
import { planDistrictSummary } from "../../src/sheet/planDistrictSummary";
import { planReviewWorkbook, reviewCandidates } from "../../src/sheet/planReview";
import { planSummarySheets } from "../../src/sheet/planSummary";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { readXlsx, writeXlsx } from "../../src/xlsx";
import { exportWorkbookPlan } from "../host/export";
import { FakeExcel } from "../host/fakeExcel";

const VALIDATOR =
  process.env["CTMM_OOXML_VALIDATOR"] ??
  resolve(__dirname, "../../../shared/ooxml/validate-xlsx.sh");

const options = (language: "zh-CN" | "en-US", districts: string[]) =>
  ({ language, mode: "full", formulaStyle: "portable", districts }) as const;

it("writes only valid workbooks: summary, upgrade, and the adapter's output", async () => {
  const planned = planWorkbook(BUILTIN_PACK, options("zh-CN", ["和平区"]));
  const ratings = new Map(
    listItems(BUILTIN_PACK).map((p, i) => [p.item.id as string, [1, 1, i % 2 ? 0.8 : "N/A", 0, 0]]),
  );
  const filled = fillPlan(planned.plan, planned.sheets[0]!, { ratings });
  const returned = readXlsx(writeXlsx(filled));

  const { rows, findings } = consolidateGrid("和平区.xlsx", returned, BUILTIN_PACK);
  const summary = writeXlsx({ sheets: planSummarySheets(BUILTIN_PACK, rows, findings, "zh-CN") });
  // The review workbook: district sheets with charts, the overview with its bar chart, and a
  // return it leaves out.
  const quick = planWorkbook(BUILTIN_PACK, { ...options("en-US", ["Hexi"]), mode: "quick" });
  const quickReturn = readXlsx(
    writeXlsx(
      fillPlan(quick.plan, quick.sheets[0]!, {
        ratings: new Map(listItems(BUILTIN_PACK).map((p, i) => [p.item.id as string, [i % 6]])),
      }),
    ),
  );
  const candidates = [
    reviewCandidates("和平区.xlsx", returned, BUILTIN_PACK),
    reviewCandidates("hexi.xlsx", quickReturn, BUILTIN_PACK),
  ];
  const review = writeXlsx(
    planReviewWorkbook(
      BUILTIN_PACK,
      candidates.flatMap((c) => c.returns),
      [
        {
          file: "broken.xlsx",
          sheet: "",
          reason: { "zh-CN": "不是工作簿", "en-US": "not a workbook" },
        },
      ],
      "zh-CN",
    ).plan,
  );

  const fresh = planWorkbook(BUILTIN_PACK, options("zh-CN", ["和平区"]));
  const upgraded = carryEntries(
    fresh,
    new Map([["和平区", readSheetEntries(returned, "和平区")!]]),
    BUILTIN_PACK,
  );

  const generated = planWorkbook(BUILTIN_PACK, options("en-US", ["Heping", "Hexi"]));
  const fake = new FakeExcel();
  await generateAssessments(fake.context, generated, BUILTIN_PACK, [
    planDistrictSummary(BUILTIN_PACK, generated.sheets, "en-US", "Summary"),
  ]);

  const dir = mkdtempSync(join(tmpdir(), "ctmm-valid-"));
  try {
    const files = [
      ["summary.xlsx", summary],
      ["review.xlsx", review],
      ["upgraded.xlsx", writeXlsx(upgraded.plan)],
      ["adapter.xlsx", writeXlsx(exportWorkbookPlan(fake))],
    ].map(([name, bytes]) => {
      const file = join(dir, name as string);
      writeFileSync(file, bytes as Uint8Array);
      return file;
    });
    const result = spawnSync(VALIDATOR, ["--checks", ...files], { encoding: "utf8" });
    expect([result.status, result.stdout + result.stderr]).toEqual([
      0,
      expect.stringContaining("0 error(s), 0 warning(s)"),
    ]);
    expect(result.stdout).not.toMatch(/[1-9]\d* error\(s\)|[1-9]\d* warning\(s\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
