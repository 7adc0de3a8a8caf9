// Reading published CSV files: comment lines (#…) skipped, every record keeps the line
// number it has in the file, so a rejected row can be named the way the user sees it.
import { parse } from "csv-parse/sync";
import { z } from "zod";

/** One reason a file is rejected; key is an i18n key under "import.errors". */
export interface ImportIssue {
  line: number;
  key: string;
  params: Record<string, string | number>;
}

export interface CsvRecord {
  line: number;
  values: Record<string, string>;
}

export function readCsv(text: string): { header: string[]; records: CsvRecord[]; headerLine: number } | ImportIssue {
  try {
    const rows = parse(text, {
      comment: "#",
      comment_no_infix: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
      relax_column_count: false,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    const [head, ...rest] = rows;
    if (!head) return { line: 1, key: "empty", params: {} };
    const header = head.record.map((h) => h.trim());
    return {
      header,
      headerLine: head.info.lines,
      records: rest.map((r) => {
        // a plain loop: Object.fromEntries of mapped pairs costs more than the parse itself on large files
        const values: Record<string, string> = {};
        header.forEach((h, i) => {
          values[h] = r.record[i] ?? "";
        });
        return { line: r.info.lines, values };
      }),
    };
  } catch (e) {
    const err = e as { lines?: number; message?: string };
    return { line: err.lines ?? 0, key: "malformed", params: { reason: String(err.message ?? e) } };
  }
}

export function checkColumns(
  header: readonly string[],
  headerLine: number,
  required: readonly string[],
  allowed: (column: string) => boolean,
): ImportIssue[] {
  const issues: ImportIssue[] = [];
  for (const c of required)
    if (!header.includes(c)) issues.push({ line: headerLine, key: "missingColumn", params: { column: c } });
  for (const c of header) if (!allowed(c)) issues.push({ line: headerLine, key: "unknownColumn", params: { column: c } });
  return issues;
}

// Field schemas: the message of each custom issue is an i18n key, the column is the path.
const fail = (ctx: z.RefinementCtx, key: string, params: Record<string, string | number> = {}) => {
  ctx.addIssue({ code: "custom", message: key, params });
  return z.NEVER;
};

/** An optional non-negative whole number: "" → null. */
export const count = z.string().transform((s, ctx) => {
  if (s === "") return null;
  if (!/^[+-]?\d+$/.test(s)) return fail(ctx, "notInteger", { value: s });
  const n = Number(s);
  if (n < 0) return fail(ctx, "negative", { value: s });
  return n;
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
    key: i.code === "custom" ? i.message : "invalid",
    params: { column: String(i.path[0] ?? ""), ...((i as { params?: Record<string, string | number> }).params ?? {}) },
  }));
}
