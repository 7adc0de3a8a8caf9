// Results for core tests: the KSTU shape (full-time, spring 2019-2020, after re-takes) unless told otherwise.
import { emptyCounts, NO_REPORTED, type SessionCounts, type SummaryResult } from "../../core/index.ts";

export const counts = (c: Partial<SessionCounts>): SessionCounts => ({ ...emptyCounts(), ...c });

export function sessionResult(unit: string, c: Partial<SessionCounts>, extra: Partial<SummaryResult> = {}): SummaryResult {
  return {
    unit,
    unitKind: "faculty",
    year: "2019-2020",
    term: "spring",
    stage: "after-retakes",
    form: "full-time",
    course: 0,
    countedInTotal: true,
    counts: counts(c),
    reported: NO_REPORTED,
    ...extra,
  };
}
