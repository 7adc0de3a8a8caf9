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
  /** the unit's latest year with a figure */
  year: string;
  /** against the unit's year before */
  rate: Comparison;
}

export interface PracticeSummary {
  /** the year every line is of; null when units' latest years differ (each line then says its own) */
  year: string | null;
  lines: PracticeLine[];
}

/** Rate from counts when given (completed / assigned), else the published rate. */
export function practiceRate(f: PracticeFigure): number | null {
  return f.assigned !== undefined && f.completed !== undefined ? percent(f.completed, f.assigned) : f.rate;
}

/**
 * Each unit's latest figure against its year before: one unit reporting a newer year does
 * not hide the others' latest figures.
 */
export function practiceSummary(figures: readonly PracticeFigure[], units?: readonly string[]): PracticeSummary {
  const latest = new Map<string, string>();
  for (const f of figures)
    if (!units || units.includes(f.unit)) {
      const y = latest.get(f.unit);
      if (!y || f.year > y) latest.set(f.unit, f.year);
    }
  const rateOf = (unit: string, year: string | null) => {
    const f = figures.find((x) => x.unit === unit && x.year === year);
    return f ? practiceRate(f) : null;
  };
  const lines = [...latest].map(([unit, year]) => ({
    unit,
    year,
    rate: compare(rateOf(unit, year), rateOf(unit, previousYear(year))),
  }));
  const years = new Set(lines.map((l) => l.year));
  return { year: years.size === 1 ? ([...years][0] as string) : null, lines };
}
