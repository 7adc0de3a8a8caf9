// Import use cases shared by the CLI, the demo and (later) file uploads in the bot.
import path from "node:path";
import type { Form, PublishedPercent, Term } from "../../../core/index.ts";
import type { PrismaClient, WriteTally } from "../../../prisma/store/db.ts";
import { FIGURE_METRICS, type FigureMetric, saveFigures, saveTotals } from "../../../prisma/store/published.ts";
import { saveSessionImport, UnitConflictError } from "../../../prisma/store/session-results.ts";
import type { ImportIssue } from "../../io/csv.ts";
import type { TextEncoding } from "../../io/text.ts";
import { capIssues } from "./fields.ts";
import { parseFiguresCsv } from "./figures-rows.ts";
import { readImportFile } from "./read-file.ts";
import { parseSessionCsv } from "./session-rows.ts";
import { parseTotalsCsv } from "./totals-rows.ts";

export { FIGURE_METRICS };

export type ImportKind = "session" | "totals" | "figures";

export type ImportOutcome =
  | { ok: true; file: string; encoding: TextEncoding; read: number; tally: WriteTally }
  | { ok: false; file: string; issues: ImportIssue[] };

export interface ImportRequest {
  kind: ImportKind;
  file: string;
  institutionId: number;
  enteredBy: string;
  /** figures only */
  metric?: FigureMetric;
  term?: Term;
  form?: Form;
}

/** Parse, validate and store one file; any issue means nothing from it is written. */
export async function importFile(db: PrismaClient, req: ImportRequest): Promise<ImportOutcome> {
  const outcome = await importChecked(db, req);
  return outcome.ok ? outcome : { ...outcome, issues: capIssues(outcome.issues) };
}

async function importChecked(db: PrismaClient, req: ImportRequest): Promise<ImportOutcome> {
  const file = path.basename(req.file);
  const read = await readImportFile(req.file);
  if ("code" in read) return { ok: false, file, issues: [read] };
  const { text, encoding } = read;
  const batch = { fileName: file, sha256: read.sha256, source: file, enteredBy: req.enteredBy };
  if (req.kind === "session") {
    const { rows, issues } = parseSessionCsv(text);
    if (issues.length) return { ok: false, file, issues };
    try {
      return { ok: true, file, encoding, read: rows.length, tally: await saveSessionImport(db, req.institutionId, rows, batch) };
    } catch (e) {
      if (!(e instanceof UnitConflictError)) throw e;
      return {
        ok: false,
        file,
        issues: e.conflicts.map((c) => ({
          line: c.line,
          code: "unitKindConflict",
          params: { unit: c.code, stored: c.stored, given: c.given },
        })),
      };
    }
  }
  if (req.kind === "totals") {
    const { rows, issues } = parseTotalsCsv(text);
    if (issues.length) return { ok: false, file, issues };
    return { ok: true, file, encoding, read: rows.length, tally: await saveTotals(db, req.institutionId, rows, batch) };
  }
  const { rows, issues } = parseFiguresCsv(text);
  if (issues.length) return { ok: false, file, issues };
  const figures: PublishedPercent[] = rows.map((r) => ({
    unit: r.unit,
    year: r.year,
    stage: r.stage,
    term: req.term ?? "",
    form: req.form ?? "",
    value: r.value,
  }));
  return {
    ok: true,
    file,
    encoding,
    read: rows.length,
    tally: await saveFigures(db, req.institutionId, req.metric ?? "absolute", figures, batch),
  };
}
