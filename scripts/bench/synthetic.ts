// Synthetic session results for benchmarks and scale tests: units × forms × stages ×
// courses × years, with plausible counts (after re-takes more pass than at the main stage).
import { emptyCounts, FORMS, NO_REPORTED, type SessionResult, STAGES, type UnitKind } from "../../core/index.ts";

export interface SyntheticShape {
  /** academic years, newest first or in any order, e.g. [2018, 2017] for "2018-2019", "2017-2018" */
  years: readonly number[];
  units: readonly string[];
  courses?: number;
  kindOf?: (unit: string, index: number) => UnitKind;
}

export function syntheticResults(shape: SyntheticShape): SessionResult[] {
  const out: SessionResult[] = [];
  const courses = shape.courses ?? 6;
  for (const y of shape.years)
    shape.units.forEach((unit, u) => {
      for (const form of FORMS)
        for (const stage of STAGES)
          for (let course = 1; course <= courses; course++) {
            const enrolled = 40 + ((u * 7 + course) % 60);
            const admitted = enrolled - (u % 5);
            out.push({
              unit,
              unitKind: shape.kindOf?.(unit, u) ?? "faculty",
              year: `${y}-${y + 1}`,
              term: "spring",
              stage,
              form,
              course,
              countedInTotal: true,
              counts: {
                ...emptyCounts(),
                enrolled,
                admitted,
                passedAll: Math.floor(admitted * (stage === "main" ? 0.5 : 0.7)),
              },
              reported: NO_REPORTED,
            });
          }
    });
  return out;
}

/** The same as rows of an import (line numbers as in a file with a header). */
export function asImportRows(results: readonly SessionResult[]) {
  return results.map((result, i) => ({ line: i + 2, courseAbsolute: {}, result }));
}
