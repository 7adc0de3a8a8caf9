// Import use cases shared by the CLI, the demo and (later) file uploads in the bot.
import path from "node:path";
import { closestMatch, type Form, type PublishedPercent, type Term } from "../../../core/index.ts";
import type { ImportPlan, PrismaClient, WriteTally } from "../../../prisma/store/db.ts";
import { UnknownUnitsError } from "../../../prisma/store/institutions.ts";
import { savePracticeImport } from "../../../prisma/store/practice.ts";
import { FIGURE_METRICS, type FigureMetric, saveFigures, saveTotals } from "../../../prisma/store/published.ts";
import { saveSessionImport, UnitConflictError } from "../../../prisma/store/session-results.ts";
import type { ImportIssue } from "../../io/csv.ts";
import type { TextEncoding } from "../../io/text.ts";
import { describeFigures, describePractice, describeSession, describeTotals } from "./describe.ts";
import { capIssues } from "./fields.ts";
import { parseFiguresCsv } from "./figures-rows.ts";
import { parsePracticeCsv } from "./practice-rows.ts";
import { type Confirmation, confirmationGate, PendingConfirmation, type RowDescriber, type WritePreview } from "./preview.ts";
import { readImportFile } from "./read-file.ts";
import { parseSessionCsv } from "./session-rows.ts";
import { parseTotalsCsv } from "./totals-rows.ts";
import { importUnits } from "./units-import.ts";

export { FIGURE_METRICS };

export type ImportKind = "session" | "totals" | "figures" | "units" | "practice";

interface ReadFile {
  file: string;
  encoding: TextEncoding;
  /** rows read */
  read: number;
}

/**
 * written: stored (new results, and corrections when confirmed); pending: nothing written,
 * stored figures would change and wait for confirmation; rejected: nothing written, why.
 */
export type ImportOutcome =
  | (ReadFile & { status: "written"; preview: WritePreview; tally: WriteTally & { importId: number } })
  /** the units file: units are updated in place (structure, not figures), no preview */
  | (ReadFile & { status: "written"; kind: "units"; tally: WriteTally })
  | (ReadFile & { status: "pending"; preview: WritePreview })
  | { status: "rejected"; file: string; issues: ImportIssue[] };

export interface ImportRequest {
  kind: ImportKind;
  file: string;
  institutionId: number;
  enteredBy: string;
  /** units the file names that are not stored are created (else the file is refused, naming them) */
  createUnits?: boolean;
  /** corrections of stored figures are written only with this (see Confirmation); new results need none */
  confirm?: Confirmation;
  /** figures only */
  metric?: FigureMetric;
  term?: Term;
  form?: Form;
}

/** One kind of file, parsed and ready to store. */
interface Parsed {
  read: number;
  describe: RowDescriber;
  /** where each unit is named, for unknown units */
  unitLines: readonly { line: number; unit: string }[];
  save: (review: (plan: ImportPlan) => void) => Promise<WriteTally & { importId: number }>;
}

/** Parse, validate and store one file; any issue means nothing from it is written. */
export async function importFile(db: PrismaClient, req: ImportRequest): Promise<ImportOutcome> {
  const file = path.basename(req.file);
  const text = await readImportFile(req.file);
  if ("code" in text) return { status: "rejected", file, issues: [text] };
  const batch = { fileName: file, sha256: text.sha256, source: file, enteredBy: req.enteredBy };
  if (req.kind === "units") {
    const u = await importUnits(db, req.institutionId, text.text, batch);
    if (!u.ok) return { status: "rejected", file, issues: capIssues(u.issues) };
    return { file, encoding: text.encoding, read: u.rows.length, status: "written", kind: "units", tally: u.tally };
  }
  const parsed = parse(db, req, text.text, batch);
  if ("issues" in parsed) return { status: "rejected", file, issues: capIssues(parsed.issues) };
  const head: ReadFile = { file, encoding: text.encoding, read: parsed.read };
  let preview: WritePreview | undefined;
  try {
    const { added, corrected, unchanged, importId } = await parsed.save(
      confirmationGate(req.confirm, parsed.describe, text.sha256, (p) => {
        preview = p;
      }),
    );
    return { ...head, status: "written", preview: preview as WritePreview, tally: { added, corrected, unchanged, importId } };
  } catch (e) {
    if (e instanceof PendingConfirmation) return { ...head, status: "pending", preview: e.preview };
    if (e instanceof UnknownUnitsError)
      return { status: "rejected", file, issues: capIssues(unknownUnitIssues(e, parsed.unitLines)) };
    if (e instanceof UnitConflictError)
      return {
        status: "rejected",
        file,
        issues: e.conflicts.map((c) => ({
          line: c.line,
          code: "unitKindConflict",
          params: { unit: c.code, stored: c.stored, given: c.given },
        })),
      };
    throw e;
  }
}

function parse(
  db: PrismaClient,
  req: ImportRequest,
  text: string,
  batch: Parameters<typeof saveTotals>[3],
): Parsed | { issues: ImportIssue[] } {
  const createUnits = req.createUnits ?? false;
  if (req.kind === "practice") {
    const { rows, issues } = parsePracticeCsv(text, new Date().toISOString().slice(0, 10));
    if (issues.length) return { issues };
    return {
      read: rows.length,
      describe: describePractice(rows),
      unitLines: rows,
      save: (review) => savePracticeImport(db, req.institutionId, rows, batch, { createUnits, review }),
    };
  }
  if (req.kind === "session") {
    const { rows, issues } = parseSessionCsv(text);
    if (issues.length) return { issues };
    return {
      read: rows.length,
      describe: describeSession(rows),
      unitLines: rows.map((r) => ({ line: r.line, unit: r.result.unit })),
      save: (review) => saveSessionImport(db, req.institutionId, rows, batch, { createUnits, review }),
    };
  }
  if (req.kind === "totals") {
    const { rows, issues } = parseTotalsCsv(text);
    if (issues.length) return { issues };
    return {
      read: rows.length,
      describe: describeTotals(rows),
      unitLines: [],
      save: (review) => saveTotals(db, req.institutionId, rows, batch, { review }),
    };
  }
  const { rows, issues } = parseFiguresCsv(text);
  if (issues.length) return { issues };
  const metric = req.metric ?? "absolute";
  const figures = rows.map((r): Omit<PublishedPercent, "unit"> & { unit: string | null } => ({
    unit: r.unit,
    year: r.year,
    stage: r.stage,
    term: req.term ?? "",
    form: req.form ?? "",
    value: r.value,
  }));
  return {
    read: rows.length,
    describe: describeFigures(rows, { metric, ...(req.term ? { term: req.term } : {}), ...(req.form ? { form: req.form } : {}) }),
    unitLines: rows.flatMap((r) => (r.unit === null ? [] : [{ line: r.line, unit: r.unit }])),
    save: (review) => saveFigures(db, req.institutionId, metric, figures, batch, { createUnits, review }),
  };
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
