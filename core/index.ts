// The functional core: pure domain functions, no I/O. Shells import from here.

export * from "./access.ts";
export * from "./achievement.ts";
export * from "./aggregation.ts";
export * from "./comparison.ts";
export * from "./consistency.ts";
export * from "./domain.ts";
export * from "./intent.ts";
export * from "./practice.ts";
export * from "./rounding.ts";
export * from "./session-report.ts";
export * from "./session-summary.ts";
export * from "./structure.ts";
