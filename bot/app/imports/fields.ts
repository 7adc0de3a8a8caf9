// Field schemas shared by the importers: every custom issue's message is a problem code,
// the column is the path, so a rejected value is named by line and column.
import { z } from "zod";
import type { ImportIssue } from "../../io/table.ts";

/**
 * Issues an import lists before it stops: the first screenful says what is wrong, and a
 * large file of junk is refused in a moment instead of listing a million lines.
 */
export const MAX_ISSUES = 50;

/** Whether a parser may stop reading rows: it has more issues than it will show. */
export const enoughIssues = (issues: readonly ImportIssue[]) => issues.length > MAX_ISSUES;

/** At most MAX_ISSUES, then one saying the import stopped there. */
export function capIssues(issues: ImportIssue[]): ImportIssue[] {
  if (issues.length <= MAX_ISSUES) return issues;
  return [...issues.slice(0, MAX_ISSUES), { line: 0, code: "tooManyIssues", params: { max: MAX_ISSUES } }];
}

export function checkColumns(
  header: readonly string[],
  headerLine: number,
  required: readonly string[],
  allowed: (column: string) => boolean,
): ImportIssue[] {
  const issues: ImportIssue[] = [];
  for (const c of required)
    if (!header.includes(c)) issues.push({ line: headerLine, code: "missingColumn", params: { column: c } });
  for (const c of header) if (!allowed(c)) issues.push({ line: headerLine, code: "unknownColumn", params: { column: c } });
  return issues;
}

const fail = (ctx: z.RefinementCtx, key: string, params: Record<string, string | number> = {}) => {
  ctx.addIssue({ code: "custom", message: key, params });
  return z.NEVER;
};

/**
 * The largest count a report can plausibly hold (students of one unit, or of a whole
 * country). Far below 2^53, where a number loses digits, and 2^63, where SQLite's INTEGER
 * ends: a mistyped count is refused with a message naming the bound, not stored wrong.
 */
export const MAX_COUNT = 10_000_000;

/** An optional non-negative whole number up to MAX_COUNT: "" → null. */
export const count = z.string().transform((raw, ctx) => {
  if (raw === "") return null;
  // "1 200": ky/ru Excel groups thousands with a (no-break) space
  const s = /^\d{1,3}([ \u00a0\u202f]\d{3})+$/.test(raw) ? raw.replace(/[ \u00a0\u202f]/g, "") : raw;
  if (!/^[+-]?\d+$/.test(s)) return fail(ctx, "notInteger", { value: s });
  const n = Number(s); // 400 digits give Infinity, caught by the bound
  if (n < 0) return fail(ctx, "negative", { value: s });
  if (n > MAX_COUNT) return fail(ctx, "tooLarge", { value: s, max: MAX_COUNT });
  return n === 0 ? 0 : n; // "-0" is 0
});

export const requiredCount = count.transform((n, ctx) => (n === null ? fail(ctx, "required") : n));

/** A published percentage, "65.0" or "65,0"; "" → null. */
export const percentage = z.string().transform((s, ctx) => {
  if (s === "") return null;
  const t = s.replace(",", ".").replace(/%$/, "");
  if (!/^[+-]?\d+(\.\d+)?$/.test(t)) return fail(ctx, "notNumber", { value: s });
  const n = Number(t);
  if (n < 0 || n > 100) return fail(ctx, "percentRange", { value: s });
  return n;
});

export const academicYear = z.string().transform((s, ctx) => {
  const m = /^(\d{4})-(\d{4})$/.exec(s);
  if (!m || Number(m[2]) !== Number(m[1]) + 1) return fail(ctx, "badYear", { value: s });
  return s;
});

export function oneOf<T extends string>(values: readonly T[]) {
  return z
    .string()
    .transform((s, ctx) =>
      (values as readonly string[]).includes(s) ? (s as T) : fail(ctx, "notOneOf", { value: s, allowed: values.join(", ") }),
    );
}

export const yesNo = z.string().transform((s, ctx) => {
  const v = s.toLowerCase();
  if (v === "" || ["yes", "y", "true", "1", "ооба", "да"].includes(v)) return true;
  if (["no", "n", "false", "0", "жок", "нет"].includes(v)) return false;
  return fail(ctx, "notYesNo", { value: s });
});

/** zod issues of one record → import issues naming the line and column. */
export function issuesOf(line: number, error: z.ZodError): ImportIssue[] {
  return error.issues.map((i) => ({
    line,
    code: i.code === "custom" ? i.message : "invalid",
    params: { column: String(i.path[0] ?? ""), ...((i as { params?: Record<string, string | number> }).params ?? {}) },
  }));
}
