import type { CellStyle } from "./plan";

/** The assessment sheet's palette: title bar, headings, inputs and results. */
const COLORS = {
  title: "1F4E79",
  header: "DDEBF7",
  domain: "BDD7EE",
  input: "FFF2CC",
  result: "E2EFDA",
  self: "EDEDED",
  review: "833C0B",
} as const;

/** Every cell style of the assessment sheet, by role. */
export const STYLE = {
  title: { bold: true, fontSize: 15, fontColor: COLORS.title, vertical: "center" },
  label: { bold: true, fontColor: "404040" },
  plain: {},
  note: { italic: true, fontColor: "595959" },
  section: { bold: true, fontSize: 12, fontColor: "FFFFFF", fill: COLORS.title },
  header: {
    bold: true,
    fill: COLORS.header,
    wrap: true,
    vertical: "center",
    horizontal: "center",
    border: "thin",
  },
  input: { fill: COLORS.input, locked: false, border: "thin", horizontal: "center" },
  /** A review sheet's self-assessed ratings and evidence: the district's, kept as returned. */
  selfRating: { fill: COLORS.self, border: "thin", horizontal: "center" },
  selfEvidence: { fill: COLORS.self, border: "thin", wrap: true, numberFormat: "@" },
  reviewSection: { bold: true, fontSize: 12, fontColor: "FFFFFF", fill: COLORS.review },
  changed: { bold: true, horizontal: "center", border: "thin", fontColor: "C00000" },
  change: { horizontal: "center", border: "thin", numberFormat: "+0;-0;0" },
  headerInput: { fill: COLORS.input, locked: false, border: "thin", numberFormat: "@" },
  evidence: { fill: COLORS.input, locked: false, border: "thin", wrap: true, numberFormat: "@" },
  id: { border: "thin", horizontal: "left" },
  name: { border: "thin", wrap: true },
  domain: { bold: true, fill: COLORS.domain, wrap: true, vertical: "top", border: "thin" },
  subdomain: { fill: COLORS.header, wrap: true, vertical: "top", border: "thin" },
  trait: { wrap: true, fontColor: "404040", border: "thin", vertical: "top" },
  result: { bold: true, horizontal: "center", border: "thin", fill: COLORS.result },
  score: { horizontal: "center", border: "thin", numberFormat: "0.00" },
  mergedResult: { bold: true, horizontal: "center", vertical: "center", border: "thin" },
  mergedScore: { horizontal: "center", vertical: "center", border: "thin", numberFormat: "0.00" },
  why: { border: "thin", wrap: true },
  overallLabel: { bold: true, border: "thin", fill: COLORS.domain },
} satisfies Record<string, CellStyle>;
