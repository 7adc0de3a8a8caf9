// What a file is, from its header row alone: a file sent to the bot comes without a command
// naming its kind. One entry per kind, tried in order; a new kind is one more entry.
import type { RegistryImportKind } from "../accreditation/registry-import.ts";
import { isPlanHeader } from "../plans/plan-rows.ts";
import { isReviewHeader } from "../reviews/review-summary.ts";
import { FIGURE_COLUMN } from "./figures-rows.ts";
import type { ImportKind } from "./import-file.ts";

/** What a file sent to the bot may be: a table to import, the student roster (imported on its own), or a review to summarise (nothing stored). */
export type TableKind = ImportKind | "review" | "roster" | "plan" | RegistryImportKind;

const has =
  (...columns: string[]) =>
  (header: readonly string[]) =>
    columns.every((c) => header.includes(c));

export const TABLE_KINDS: readonly { kind: TableKind; matches: (header: readonly string[]) => boolean }[] = [
  { kind: "session", matches: has("year", "term", "stage", "form", "unit") },
  { kind: "totals", matches: has("year", "term", "stage", "scope") },
  { kind: "practice", matches: has("unit", "year", "kind", "assigned", "completed") },
  // an agency's review typed from its report: standard, criterion, rating (any case), comment
  { kind: "review", matches: isReviewHeader },
  // the student roster before the units file: a header with student_id is never a units file
  { kind: "roster", matches: has("student_id") },
  // an action plan (text, responsible, deadline — or their ky/ru names)
  { kind: "plan", matches: isPlanHeader },
  // the registry before the units file: a programmes or agencies file has a code column too
  { kind: "accreditations", matches: has("programme_code", "agency", "kind", "decision_date") },
  { kind: "licences", matches: has("programme_code", "basis", "unit", "state") },
  { kind: "programmes", matches: has("code", "name", "level", "unit") },
  { kind: "agencies", matches: has("code", "name", "international") },
  { kind: "units", matches: has("code") },
  // a unit column, then one column per year (or year and stage)
  { kind: "figures", matches: (h) => h[0] === "unit" && h.length > 1 && h.slice(1).every((c) => FIGURE_COLUMN.test(c)) },
];

export function tableKind(header: readonly string[]): TableKind | null {
  return TABLE_KINDS.find((k) => k.matches(header))?.kind ?? null;
}
