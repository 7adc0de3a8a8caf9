// The functional core: pure domain functions, no I/O. Shells import from here.
export * from "./achievement.ts";
export * from "./aggregation.ts";
export * from "./comparison.ts";
export * from "./consistency.ts";
export * from "./domain.ts";
export * from "./rounding.ts";
export * from "./session-report.ts";
