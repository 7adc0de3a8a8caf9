// Where an action item stands on a day: done (every stage marked done, with evidence), overdue
// (a stage's day has passed and it is not done) or open. A two-stage item's stages are done
// separately: the schedule handed in on time does not excuse a late final report.
import { addDays } from "../requests/schedule.ts";

export const ITEM_STATES = ["open", "done", "overdue"] as const;
export type ItemState = (typeof ITEM_STATES)[number];

export interface TrackedStage {
  /** "YYYY-MM-DD": due by the end of this day where the institution is */
  due: string;
  done: boolean;
}

export interface TrackedItem {
  stages: readonly TrackedStage[];
}

/** Done when every stage is (an item without stages is never due). */
export const isDone = (item: TrackedItem) => item.stages.every((s) => s.done);

/** The stages past their day on `on` and not done. */
export const lateStages = <S extends TrackedStage>(stages: readonly S[], on: string): S[] =>
  stages.filter((s) => !s.done && s.due < on);

export function itemState(item: TrackedItem, on: string): ItemState {
  if (isDone(item)) return "done";
  return lateStages(item.stages, on).length ? "overdue" : "open";
}

/** The earliest day still to be met (a stage not done); null when done. */
export function nextDue(item: TrackedItem): string | null {
  const open = item.stages.filter((s) => !s.done).map((s) => s.due);
  return open.length ? open.reduce((a, b) => (a < b ? a : b)) : null;
}

const byNextDue = <T extends TrackedItem>(a: T, b: T) => (nextDue(a) ?? "9999").localeCompare(nextDue(b) ?? "9999");

/**
 * Items with a stage not done due from `on` to `days` days later (inclusive), soonest first;
 * overdue items are listed by `overdueOn`, not here.
 */
export function dueWithin<T extends TrackedItem>(items: readonly T[], on: string, days: number): T[] {
  const last = addDays(on, days);
  return items
    .filter((i) => itemState(i, on) === "open")
    .filter((i) => i.stages.some((s) => !s.done && s.due >= on && s.due <= last))
    .sort(byNextDue);
}

/** Items with a stage past its day and not done on `on`, the longest overdue first. */
export function overdueOn<T extends TrackedItem>(items: readonly T[], on: string): T[] {
  return items.filter((i) => itemState(i, on) === "overdue").sort(byNextDue);
}

export interface ItemCounts {
  total: number;
  open: number;
  done: number;
  overdue: number;
}

export function countItemStates(items: readonly TrackedItem[], on: string): ItemCounts {
  const counts: ItemCounts = { total: items.length, open: 0, done: 0, overdue: 0 };
  for (const i of items) counts[itemState(i, on)]++;
  return counts;
}

/** Items in the order a plan is read by someone acting on it: overdue, then due soonest, then done. */
export function actionOrder<T extends TrackedItem>(items: readonly T[], on: string): T[] {
  const rank: Record<ItemState, number> = { overdue: 0, open: 1, done: 2 };
  return [...items].sort((a, b) => rank[itemState(a, on)] - rank[itemState(b, on)] || byNextDue(a, b));
}
