// Practice (internship) completion (DOMAIN.md §4): each unit against its last year.

import { previousYear } from "../session/domain.ts";
import { type Comparison, compare } from "../shared/comparison.ts";
import { percent } from "../shared/rounding.ts";

/** Assigned/completed counts where known; otherwise only the published rate. */
export interface PracticeFigure {
  unit: string;
  year: string;
  rate: number | null;
  assigned?: number;
  completed?: number;
}

export interface PracticeLine {
  unit: string;
  rate: Comparison;
}

export interface PracticeSummary {
  year: string;
  lastYear: string | null;
  lines: PracticeLine[];
}

/** Rate from counts when given (completed / assigned), else the published rate. */
export function practiceRate(f: PracticeFigure): number | null {
  return f.assigned !== undefined && f.completed !== undefined ? percent(f.completed, f.assigned) : f.rate;
}

/** The latest year with figures, unless one is asked for. */
export function latestPracticeYear(figures: readonly PracticeFigure[]): string | null {
  return (
    figures
      .map((f) => f.year)
      .sort()
      .at(-1) ?? null
  );
}

export function practiceSummary(figures: readonly PracticeFigure[], year: string, units?: readonly string[]): PracticeSummary {
  const last = previousYear(year);
  const find = (unit: string, y: string | null) => {
    const f = figures.find((x) => x.unit === unit && x.year === y);
    return f ? practiceRate(f) : null;
  };
  const lines = figures
    .filter((f) => f.year === year && (!units || units.includes(f.unit)))
    .map((f) => ({ unit: f.unit, rate: compare(practiceRate(f), find(f.unit, last)) }));
  return { year, lastYear: last, lines };
}
