// The functional core: pure domain functions, no I/O. Shells import from here.

export * from "./delivery/audience.ts";
export * from "./delivery/categories.ts";
export * from "./delivery/quiet-hours.ts";
export * from "./delivery/rate.ts";
export * from "./delivery/send-outcome.ts";
export * from "./practice/summary.ts";
export * from "./session/achievement.ts";
export * from "./session/aggregation.ts";
export * from "./session/consistency.ts";
export * from "./session/corrections.ts";
export * from "./session/domain.ts";
export * from "./session/report.ts";
export * from "./session/rows.ts";
export * from "./session/selection.ts";
export * from "./session/series.ts";
export * from "./session/summary.ts";
export * from "./shared/access.ts";
export * from "./shared/closest.ts";
export * from "./shared/comparison.ts";
export * from "./shared/intent.ts";
export * from "./shared/language.ts";
export * from "./shared/names.ts";
export * from "./shared/problem.ts";
export * from "./shared/rounding.ts";
export * from "./shared/unit-names.ts";
export * from "./shared/unit-tree.ts";
