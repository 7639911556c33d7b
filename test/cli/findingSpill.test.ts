import { existsSync, readdirSync } from "node:fs";
import { FindingSpill, SpillWriter } from "../../src/cli/findingSpill";
import type { SummaryFinding } from "../../src/sheet/planSummary";

const finding = (file: string, n: number): SummaryFinding => ({
  file,
  code: "RATING_MISSING",
  severity: "warning",
  sheet: "和平区",
  cell: `E${n}`,
  message: { "zh-CN": `能力项 ${n}：未评分\n第二行`, "en-US": `Item ${n}: "no" rating` },
});

it("gives the findings back in the order the files were added, from every writer", () => {
  const spill = new FindingSpill();
  try {
    // Two workers' files, finished out of order; the main thread's own findings in between.
    const a = SpillWriter.inDirectory(spill.dir);
    const b = new SpillWriter(`${spill.dir}/other.ndjson`);
    const first = a.append([finding("1.xlsx", 1), finding("1.xlsx", 2)]);
    const third = a.append([finding("3.xlsx", 3)]);
    const second = b.append([finding("2.xlsx", 4)]);
    a.close();
    b.close();
    spill.add(first);
    spill.add(second);
    spill.append([finding("2b.xlsx", 5)]);
    spill.add(third);
    spill.add({ path: `${spill.dir}/none`, start: 0, bytes: 0, count: 0 }); // nothing to read
    expect(spill.count).toBe(5);
    expect([...spill.read()]).toEqual([
      finding("1.xlsx", 1),
      finding("1.xlsx", 2),
      finding("2.xlsx", 4),
      finding("2b.xlsx", 5),
      finding("3.xlsx", 3),
    ]);
  } finally {
    spill.dispose();
  }
  expect(existsSync(spill.dir)).toBe(false);
});

it("says which file ended early instead of returning fewer findings", () => {
  const spill = new FindingSpill();
  try {
    const writer = SpillWriter.inDirectory(spill.dir);
    const segment = writer.append([finding("1.xlsx", 1)]);
    writer.close();
    spill.add({ ...segment, bytes: segment.bytes + 10 });
    expect(() => [...spill.read()]).toThrow(/ends early/);
    expect(readdirSync(spill.dir)).toHaveLength(1);
  } finally {
    spill.dispose();
  }
});
