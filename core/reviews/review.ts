// Rows typed from an agency's report → its standards, each with its criteria rated once.
// A criterion's lettered sub-items (1.7а…1.7д) count as the criterion, with their worst
// rating; a parent row without a rating heads them. A row typed twice across a page break
// counts once (a warning); twice with different ratings is an error. A row whose criterion
// cell is a section word ("Сунуштар") carries a strength, weakness or recommendation.
import type { Problem } from "../shared/problem.ts";
import { type CriterionId, parseCriterion, parseStandard, type StandardId, standardOfCriterion } from "./criteria.ts";
import { parseRating, parseSection, type Rating, type ReviewSection, worstRating } from "./ratings.ts";

/** One row of the file: the line the user sees it on, and its cells. */
export interface ReviewRow {
  line: number;
  standard: string;
  criterion: string;
  rating: string;
  comment: string;
}

/** A problem (an error or a warning) with the line it is on. */
export type ReviewIssue = Problem & { line: number };

export interface ReviewCriterion {
  /** "1.7" */
  number: string;
  rating: Rating;
  /** the first line it is on */
  line: number;
  /** how many sub-items it was rated by (0: rated itself) */
  subItems: number;
  /** the rows it was read from, in file order: the sub-item's letter ("" for the criterion itself), rating, comment */
  rows: { line: number; criterion: string; rating: Rating | null; comment: string }[];
}

export interface ReviewStandard {
  key: string;
  label: string;
  criteria: ReviewCriterion[];
  notes: Record<ReviewSection, string[]>;
}

export interface Review {
  standards: ReviewStandard[];
}

export type ReadReview = { ok: true; review: Review; warnings: ReviewIssue[] } | { ok: false; errors: ReviewIssue[] };

interface Seen {
  line: number;
  rating: Rating | null;
}

interface Building {
  standard: ReviewStandard;
  /** by criterion number: its rows, keyed by sub-item ("" for itself) */
  criteria: Map<string, { line: number; seen: Map<string, Seen>; rows: ReviewCriterion["rows"] }>;
}

const issue = (line: number, code: string, params: Problem["params"] = {}): ReviewIssue => ({ line, code, params });

function standardFor(row: ReviewRow, id: CriterionId | null, previous: StandardId | null): StandardId | null {
  // a merged cell in the report leaves the standard blank under its first row
  return parseStandard(row.standard) ?? (id ? standardOfCriterion(id) : null) ?? previous;
}

export function readReview(rows: readonly ReviewRow[]): ReadReview {
  const errors: ReviewIssue[] = [];
  const warnings: ReviewIssue[] = [];
  const byKey = new Map<string, Building>();
  let previous: StandardId | null = null;

  const buildingFor = (s: StandardId): Building => {
    let b = byKey.get(s.key);
    if (!b) {
      b = {
        standard: { key: s.key, label: s.label, criteria: [], notes: { strengths: [], weaknesses: [], recommendations: [] } },
        criteria: new Map(),
      };
      byKey.set(s.key, b);
    }
    return b;
  };

  for (const row of rows) {
    if (!row.standard && !row.criterion && !row.rating && !row.comment) continue;
    const section = parseSection(row.criterion);
    const id = section ? null : parseCriterion(row.criterion);
    const standard = standardFor(row, id, previous);
    if (!standard) {
      errors.push(issue(row.line, "reviewNoStandard"));
      continue;
    }
    previous = standard;
    const b = buildingFor(standard);
    if (section) {
      if (row.comment) b.standard.notes[section].push(row.comment);
      continue;
    }
    if (!id) {
      errors.push(issue(row.line, "reviewBadCriterion", { value: row.criterion }));
      continue;
    }
    const rating = row.rating.trim() === "" ? null : parseRating(row.rating);
    if (rating === null && row.rating.trim() !== "") {
      errors.push(issue(row.line, "reviewUnknownRating", { value: row.rating }));
      continue;
    }
    let c = b.criteria.get(id.number);
    if (!c) {
      c = { line: row.line, seen: new Map(), rows: [] };
      b.criteria.set(id.number, c);
    }
    const sub = id.sub === null ? "" : String(id.sub);
    const before = c.seen.get(sub);
    const criterion = row.criterion.trim();
    if (before) {
      if (before.rating === rating) warnings.push(issue(row.line, "reviewDuplicateRow", { criterion, first: before.line }));
      else errors.push(issue(row.line, "reviewConflictingRows", { criterion, first: before.line }));
      continue;
    }
    c.seen.set(sub, { line: row.line, rating });
    c.rows.push({ line: row.line, criterion, rating, comment: row.comment });
  }

  for (const b of byKey.values()) {
    for (const [number, c] of b.criteria) {
      const rated = c.rows.filter((r) => r.rating !== null);
      const subItems = [...c.seen.keys()].filter((k) => k !== "").length;
      const first = rated[0];
      if (!first) {
        // a parent row with nothing under it: the rating was left out
        errors.push(issue(c.line, "reviewMissingRating", { criterion: c.rows[0]?.criterion ?? number }));
        continue;
      }
      const rating = rated.reduce<Rating>((w, r) => worstRating(w, r.rating as Rating), first.rating as Rating);
      b.standard.criteria.push({ number, rating, line: c.line, subItems, rows: c.rows });
    }
  }
  if (errors.length) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };
  if (!byKey.size) return { ok: false, errors: [issue(0, "reviewEmpty")] };
  return { ok: true, review: { standards: [...byKey.values()].map((b) => b.standard) }, warnings };
}
