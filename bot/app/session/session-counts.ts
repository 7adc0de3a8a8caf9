// Session counts as typed, step by step (pure): a line of numbers fills the counts in report
// order from where the entry stands, names set single counts, "-" leaves one empty. A wrong
// value is refused whole: nothing of that line is taken.
import {
  COUNT_FIELDS,
  type CountField,
  emptyCounts,
  fail,
  type Outcome,
  ok,
  type Problem,
  parseCountsLine,
  problem,
  type SessionCounts,
} from "../../../core/index.ts";

/** The largest count a report can hold (as the importer's bound). */
export const MAX_SESSION_COUNT = 10_000_000;

/** The counts a summary needs: the base of every metric. */
export const REQUIRED_COUNTS: readonly CountField[] = ["enrolled", "admitted", "passedAll"];

/** One value as typed: a whole number of students, or "-" for none. */
export function readSessionCount(field: CountField, raw: string): Outcome<number | null> {
  const text = raw.trim();
  if (text === "-" || text === "—") return ok(null);
  if (!/^\+?\d+$/.test(text)) return fail(problem("entryNotCount", { field, value: text.slice(0, 32) }));
  const n = Number(text);
  if (n > MAX_SESSION_COUNT) return fail(problem("entryTooLarge", { field, value: n, max: MAX_SESSION_COUNT }));
  return ok(n);
}

export interface CountsProgress {
  counts: SessionCounts;
  /** the index (in report order) of the next count asked; COUNT_FIELDS.length when all were given */
  cursor: number;
}

export const noCounts = (): CountsProgress => ({ counts: emptyCounts(), cursor: 0 });

/** The first count from `from` on that has no value yet (the length when there is none). */
function nextOpen(counts: SessionCounts, from: number): number {
  let i = from;
  while (i < COUNT_FIELDS.length && counts[COUNT_FIELDS[i] as CountField] !== null) i++;
  return i;
}

/**
 * A typed line applied to the counts, or the problem with it (nothing of it taken).
 * `finished`: a line of several numbers is the whole entry (the rest stays empty), and so is
 * the thirteenth count; one number at a time, or counts by name, go on to the next.
 */
export function applyCountsLine(p: CountsProgress, text: string): Outcome<CountsProgress & { finished: boolean }> {
  const line = parseCountsLine(text);
  if (line.kind === "unknownField") return fail(problem("entryUnknownField", { words: line.words.slice(0, 32) }));
  const counts = { ...p.counts };
  if (line.kind === "named") {
    for (const [field, raw] of line.values) {
      const v = readSessionCount(field, raw);
      if (!v.ok) return v;
      counts[field] = v.value;
    }
    const cursor = nextOpen(counts, 0);
    return ok({ counts, cursor, finished: cursor >= COUNT_FIELDS.length });
  }
  const room = COUNT_FIELDS.length - p.cursor;
  if (line.values.length > room) return fail(problem("entryTooManyValues", { max: room }));
  let cursor = p.cursor;
  for (const raw of line.values) {
    const field = COUNT_FIELDS[cursor] as CountField;
    const v = readSessionCount(field, raw);
    if (!v.ok) return v;
    counts[field] = v.value;
    cursor++;
  }
  const next = nextOpen(counts, cursor);
  return ok({ counts, cursor: next, finished: line.values.length > 1 || next >= COUNT_FIELDS.length });
}

/** The first count a summary still needs, as a problem; null when it has them all. */
export function missingCount(counts: SessionCounts): Problem | null {
  const field = REQUIRED_COUNTS.find((f) => counts[f] === null);
  return field ? problem("sessionEntryMissing", { field }) : null;
}
