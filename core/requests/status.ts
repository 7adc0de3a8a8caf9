// Where a request stands, unit by unit: submitted (and when), not yet, or overdue once the
// deadline has passed; and the counts the board leads with.

export type UnitState = "submitted" | "pending" | "overdue";

/** Submitted whenever the figures are there; without them, overdue from the end of the deadline day. */
export function unitState(submittedAt: Date | null, deadline: Date, now: Date): UnitState {
  if (submittedAt) return "submitted";
  return now.getTime() >= deadline.getTime() ? "overdue" : "pending";
}

export interface UnitStatus {
  unit: string;
  state: UnitState;
  submittedAt: Date | null;
  /** submitted after the deadline had passed */
  late: boolean;
}

export function unitStatus(unit: string, submittedAt: Date | null, deadline: Date, now: Date): UnitStatus {
  return {
    unit,
    state: unitState(submittedAt, deadline, now),
    submittedAt,
    late: submittedAt !== null && submittedAt.getTime() >= deadline.getTime(),
  };
}

export interface RequestCounts {
  total: number;
  submitted: number;
  pending: number;
  overdue: number;
}

export function countStates(rows: readonly { state: UnitState }[]): RequestCounts {
  const c: RequestCounts = { total: rows.length, submitted: 0, pending: 0, overdue: 0 };
  for (const r of rows) c[r.state]++;
  return c;
}

const ORDER: Record<UnitState, number> = { overdue: 0, pending: 1, submitted: 2 };

/** Who has not submitted first (overdue before not yet), then the rest; tree order within each. */
export function boardOrder<T extends { state: UnitState }>(rows: readonly T[]): T[] {
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => ORDER[a.r.state] - ORDER[b.r.state] || a.i - b.i)
    .map(({ r }) => r);
}

/** One page of a long list (pages counted from 0; a page past the end shows the last). */
export function pageOf<T>(rows: readonly T[], page: number, size: number): { rows: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const p = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  return { rows: rows.slice(p * size, (p + 1) * size), page: p, pages };
}

/** The first `max` items, and how many were left out ("… and 12 more"). */
export function cutList<T>(items: readonly T[], max: number): { shown: T[]; more: number } {
  return { shown: items.slice(0, max), more: Math.max(0, items.length - max) };
}
