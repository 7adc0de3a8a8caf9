// Import use cases shared by the CLI, the demo and (later) file uploads in the bot.
import path from "node:path";
import { closestMatch, type Form, type PublishedPercent, type Term } from "../../../core/index.ts";
import type { PrismaClient, WriteTally } from "../../../prisma/store/db.ts";
import { UnknownUnitsError } from "../../../prisma/store/institutions.ts";
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
  | { ok: true; file: string; encoding: TextEncoding; read: number; tally: WriteTally; newUnits: string[] }
  | { ok: false; file: string; issues: ImportIssue[] };

export interface ImportRequest {
  kind: ImportKind;
  file: string;
  institutionId: number;
  enteredBy: string;
  /** units the file names that are not stored are created (else the file is refused, naming them) */
  createUnits?: boolean;
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
  const units = { createUnits: req.createUnits ?? false };
  const stored = (n: number, { newUnits = [], ...tally }: WriteTally & { newUnits?: string[] }): ImportOutcome => ({
    ok: true,
    file,
    encoding,
    read: n,
    tally,
    newUnits,
  });

  if (req.kind === "totals") {
    const { rows, issues } = parseTotalsCsv(text);
    if (issues.length) return { ok: false, file, issues };
    return stored(rows.length, await saveTotals(db, req.institutionId, rows, batch));
  }
  try {
    if (req.kind === "session") {
      const { rows, issues } = parseSessionCsv(text);
      if (issues.length) return { ok: false, file, issues };
      try {
        return stored(rows.length, await saveSessionImport(db, req.institutionId, rows, batch, units));
      } catch (e) {
        if (!(e instanceof UnknownUnitsError)) throw e;
        return {
          ok: false,
          file,
          issues: unknownUnitIssues(
            e,
            rows.map((r) => ({ line: r.line, unit: r.result.unit })),
          ),
        };
      }
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
    try {
      return stored(rows.length, await saveFigures(db, req.institutionId, req.metric ?? "absolute", figures, batch, units));
    } catch (e) {
      if (!(e instanceof UnknownUnitsError)) throw e;
      return { ok: false, file, issues: unknownUnitIssues(e, rows) };
    }
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

/** One issue per unknown unit, on its first line, listing its lines and the stored code it may mean. */
function unknownUnitIssues(e: UnknownUnitsError, rows: readonly { line: number; unit: string }[]): ImportIssue[] {
  const unknown = new Set(e.codes);
  const lines = new Map<string, number[]>();
  for (const r of rows) {
    if (!unknown.has(r.unit)) continue;
    const at = lines.get(r.unit) ?? [];
    if (at.at(-1) !== r.line) at.push(r.line); // a figures row gives one value per year column
    lines.set(r.unit, at);
  }
  return [...lines].map(([unit, at]): ImportIssue => {
    const suggestion = closestMatch(unit, e.known);
    const shown = at.length > 10 ? `${at.slice(0, 10).join(", ")}, …` : at.join(", ");
    return suggestion
      ? { line: at[0] as number, code: "unitNotStoredSuggest", params: { unit, lines: shown, suggestion } }
      : { line: at[0] as number, code: "unitNotStored", params: { unit, lines: shown } };
  });
}
