// A plan file's lines as items: columns `item` (or `number`: "1", "2.1"), `text`,
// `responsible`, `deadline` and `controller` (the plan's, on any line), with their ky/ru
// names as resolutions print them. Lines starting with # are comments (the reader drops them).
import type { ImportIssue, Table } from "../../io/table.ts";
import { dropCommentColumns } from "../../io/table.ts";
import type { ItemInput, LineIssue } from "./plan-items.ts";

const COLUMNS = {
  number: ["number", "item", "no", "№", "пункт", "номер", "п/п"],
  text: ["text", "action", "мероприятие", "текст", "содержание", "иш-чара", "мазмуну"],
  responsible: ["responsible", "ответственный", "ответственные", "жооптуу", "жооптуулар"],
  deadline: ["deadline", "due", "срок", "сроки", "мөөнөтү", "мөөнөт"],
  controller: ["controller", "контроль", "контролер", "контролёр", "көзөмөл", "көзөмөлдөөчү"],
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: readonly Column[] = ["text", "responsible", "deadline"];

const key = (h: string) => h.normalize("NFC").trim().toLowerCase().replace(/ё/gu, "е");

/** Whether a header is a plan's: the text, responsible and deadline columns under any of their names. */
export const isPlanHeader = (header: readonly string[]): boolean =>
  REQUIRED.every((c) => header.some((h) => (COLUMNS[c] as readonly string[]).includes(key(h))));

export type PlanRows = { ok: true; rows: ItemInput[]; controller: string | null } | { ok: false; issues: LineIssue[] };

/** Which header cell holds which column; a missing required one, or one read twice, is named. */
function columnsOf(header: readonly string[], line: number): Map<Column, string> | LineIssue {
  const found = new Map<Column, string>();
  for (const h of header) {
    const col = (Object.keys(COLUMNS) as Column[]).find((c) => (COLUMNS[c] as readonly string[]).includes(key(h)));
    if (!col) return { line, code: "unknownColumn", params: { column: h } };
    if (found.has(col)) return { line, code: "planDuplicateColumn", params: { column: h } };
    found.set(col, h);
  }
  const missing = REQUIRED.find((c) => !found.has(c));
  return missing ? { line, code: "missingColumn", params: { column: missing } } : found;
}

export function rowsOfTable(raw: Table): PlanRows {
  const table = dropCommentColumns(raw);
  const cols = columnsOf(table.header, table.headerLine);
  if (!(cols instanceof Map)) return { ok: false, issues: [cols] };
  const get = (values: Record<string, string>, c: Column) => {
    const h = cols.get(c);
    return h === undefined ? "" : (values[h] ?? "").trim();
  };
  const rows: ItemInput[] = [];
  const issues: ImportIssue[] = [];
  let controller: string | null = null;
  for (const { line, values } of table.records) {
    if (Object.values(values).every((v) => !v.trim())) continue;
    const c = get(values, "controller");
    if (c && controller && c !== controller)
      issues.push({ line, code: "planControllersDiffer", params: { first: controller, other: c } });
    controller ||= c || null;
    rows.push({
      line,
      number: get(values, "number") || null,
      text: get(values, "text"),
      responsible: get(values, "responsible"),
      deadline: get(values, "deadline"),
    });
  }
  if (!rows.length) issues.push({ line: 0, code: "planNoItems", params: {} });
  return issues.length ? { ok: false, issues } : { ok: true, rows, controller };
}
