// What a spreadsheet reader gives, whatever the file was (CSV or XLSX): the header, and each
// record with the line (or sheet row) the user sees it on, so a rejected row can be named.
import type { Problem } from "../../core/index.ts";

/** One reason a file is rejected, with the line the user sees it on (0: the file as a whole). */
export type ImportIssue = Problem & { line: number };

export interface TableRecord {
  line: number;
  values: Record<string, string>;
}

export interface Table {
  header: string[];
  records: TableRecord[];
  headerLine: number;
}

/**
 * A record's values by column name, with no prototype: a header cell "__proto__" or
 * "constructor" is a column like any other, and a column the file lacks reads undefined,
 * never Object.prototype's members.
 */
export const recordValues = (): Record<string, string> => Object.create(null);

/**
 * Columns whose header starts with "#" are comments, as lines starting with "#" are: an
 * exported report keeps its recomputed figures there, shown to people and not read back.
 */
export function dropCommentColumns(table: Table): Table {
  const comments = table.header.filter((h) => h.startsWith("#"));
  if (!comments.length) return table;
  const records = table.records.map(({ line, values }) => {
    const kept = Object.assign(recordValues(), values);
    for (const c of comments) delete kept[c];
    return { line, values: kept };
  });
  return { header: table.header.filter((h) => !h.startsWith("#")), records, headerLine: table.headerLine };
}
