// Reading CSV files: comment lines (#…) skipped, every record keeps the line
// number it has in the file, so a rejected row can be named the way the user sees it.
// The separator is the header's: Excel in ky/ru locales writes ";" (the comma is the
// decimal mark there), "Unicode text" is tab-separated.
import { parse } from "csv-parse/sync";
import type { Problem } from "../../core/index.ts";

/** One reason a file is rejected, with the line the user sees it on. */
export type ImportIssue = Problem & { line: number };

export interface CsvRecord {
  line: number;
  values: Record<string, string>;
}

const DELIMITERS = [",", ";", "\t"] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** The separator the header line uses most (a comma when it uses none). */
export function detectDelimiter(text: string): Delimiter {
  const header = /^[ \t]*[^#\s].*$/m.exec(text)?.[0] ?? "";
  let best: Delimiter = ",";
  let most = 0;
  for (const d of DELIMITERS) {
    const n = header.split(d).length - 1;
    if (n > most) [best, most] = [d, n];
  }
  return best;
}

export function readCsv(text: string): { header: string[]; records: CsvRecord[]; headerLine: number } | ImportIssue {
  try {
    const rows = parse(text, {
      delimiter: detectDelimiter(text),
      comment: "#",
      comment_no_infix: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
      relax_column_count: false,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    const [head, ...rest] = rows;
    if (!head) return { line: 1, code: "empty", params: {} };
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
    return { line: err.lines ?? 0, code: "malformed", params: { reason: String(err.message ?? e) } };
  }
}
