// Import use cases shared by the CLI, the demo and files sent to the bot.
import path from "node:path";
import { closestMatch, type Form, type PublishedPercent, type Scope, type Term } from "../../../core/index.ts";
import { recordAudit } from "../../../prisma/store/audit.ts";
import type { ImportPlan, PrismaClient, WriteTally } from "../../../prisma/store/db.ts";
import { UnknownUnitsError } from "../../../prisma/store/institutions.ts";
import { savePracticeImport } from "../../../prisma/store/practice.ts";
import { FIGURE_METRICS, type FigureMetric, saveFigures, saveTotals } from "../../../prisma/store/published.ts";
import { saveSessionImport, UnitConflictError } from "../../../prisma/store/session-results.ts";
import type { SpreadsheetFormat } from "../../io/spreadsheet.ts";
import type { ImportIssue, Table } from "../../io/table.ts";
import type { TextEncoding } from "../../io/text.ts";
import { describeFigures, describePractice, describeSession, describeTotals } from "./describe.ts";
import { capIssues } from "./fields.ts";
import { parseFiguresRows } from "./figures-rows.ts";
import { parsePracticeRows } from "./practice-rows.ts";
import { type Confirmation, confirmationGate, PendingConfirmation, type RowDescriber, type WritePreview } from "./preview.ts";
import { readImportBytes, readImportFile } from "./read-file.ts";
import { outsideScope } from "./scope-rows.ts";
import { parseSessionRows } from "./session-rows.ts";
import { parseTotalsRows } from "./totals-rows.ts";
import { importUnits } from "./units-import.ts";

export { FIGURE_METRICS };

export type ImportKind = "session" | "totals" | "figures" | "units" | "practice";

interface ReadFile {
  file: string;
  format: SpreadsheetFormat;
  /** a CSV's text encoding; null for a workbook */
  encoding: TextEncoding | null;
  /** rows read */
  read: number;
}

/**
 * written: stored (new results, and corrections when confirmed); pending: nothing written,
 * stored figures would change and wait for confirmation (or a preview was asked for);
 * rejected: nothing written, why.
 */
export type ImportOutcome =
  | (ReadFile & { status: "written"; preview: WritePreview; tally: WriteTally & { importId: number } })
  /** the units file: units are updated in place (structure, not figures), no versions */
  | (ReadFile & { status: "written"; kind: "units"; tally: WriteTally })
  | (ReadFile & { status: "pending"; preview: WritePreview })
  /** the units file asked with previewOnly: what would change, nothing written */
  | (ReadFile & { status: "preview"; kind: "units"; tally: WriteTally })
  | { status: "rejected"; file: string; issues: ImportIssue[] };

export interface ImportRequest {
  kind: ImportKind;
  /** a path; with `bytes`, only the file's name */
  file: string;
  /** the file's content when it is not on disk (a document sent to the bot) */
  bytes?: Uint8Array;
  institutionId: number;
  enteredBy: string;
  /** units the file names that are not stored are created (else the file is refused, naming them) */
  createUnits?: boolean;
  /** corrections of stored figures are written only with this (see Confirmation); new results need none */
  confirm?: Confirmation;
  /** nothing is written, new results included: the outcome is "pending" with what would be ("preview" for units) */
  previewOnly?: boolean;
  /** the importer's scope: rows naming units outside it refuse the file (absent: the whole institution) */
  scope?: Scope;
  /** figures only */
  metric?: FigureMetric;
  term?: Term;
  form?: Form;
}

/** One kind of file, parsed and ready to store. */
interface Parsed {
  read: number;
  describe: RowDescriber;
  /** where each unit is named, for unknown units and the scope */
  unitLines: readonly { line: number; unit: string }[];
  /** what the scope checks, when more than the units (a figures file's total line, by its label) */
  scopeLines?: readonly { line: number; unit: string }[];
  save: (review: (plan: ImportPlan) => void) => Promise<WriteTally & { importId: number }>;
}

/** Parse, validate and store one file; any issue means nothing from it is written. */
export async function importFile(db: PrismaClient, req: ImportRequest): Promise<ImportOutcome> {
  const outcome = await readAndStore(db, req);
  // a refused file is a refused write: the audit keeps who tried, what and why (its first issue)
  if (outcome.status === "rejected")
    await recordAudit(db, {
      institutionId: req.institutionId,
      at: new Date(),
      actor: req.enteredBy,
      chatId: null,
      action: `${req.kind}.import`,
      target: `file:${outcome.file}`,
      outcome: "refused",
      reason: outcome.issues[0]?.code ?? null,
      detail: { issues: outcome.issues.length, first: outcome.issues[0] ?? null },
    }).catch(() => undefined); // a busy database must not hide the refusal's own message
  return outcome;
}

async function readAndStore(db: PrismaClient, req: ImportRequest): Promise<ImportOutcome> {
  const file = path.basename(req.file);
  const rejected = (issues: ImportIssue[]): ImportOutcome => ({ status: "rejected", file, issues: capIssues(issues) });
  const bytes = req.bytes ?? (await readImportFile(req.file));
  if ("code" in bytes) return rejected([bytes]);
  const read = await readImportBytes(bytes);
  if ("code" in read) return rejected([read]);
  const batch = { fileName: file, sha256: read.sha256, source: file, enteredBy: req.enteredBy };
  const head = { file, format: read.format, encoding: read.encoding };
  if (req.kind === "units") {
    const scoped = outsideScope(req.scope, "units", []);
    if (scoped.length) return rejected(scoped);
    const u = await importUnits(db, req.institutionId, read.table, batch, { dryRun: req.previewOnly ?? false });
    if (!u.ok) return rejected(u.issues);
    return {
      ...head,
      read: u.rows.length,
      kind: "units",
      tally: u.tally,
      ...(req.previewOnly ? { status: "preview" as const } : { status: "written" as const }),
    };
  }
  const parsed = parse(db, req, read.table, batch);
  if ("issues" in parsed) return rejected(parsed.issues);
  const scoped = outsideScope(req.scope, req.kind, parsed.scopeLines ?? parsed.unitLines);
  if (scoped.length) return rejected(scoped);
  const withRead = { ...head, read: parsed.read };
  let preview: WritePreview | undefined;
  try {
    const gate = confirmationGate(req.previewOnly ? undefined : req.confirm, parsed.describe, read.sha256, (p) => {
      preview = p;
      if (req.previewOnly) throw new PendingConfirmation(p);
    });
    const { added, corrected, unchanged, importId } = await parsed.save(gate);
    return { ...withRead, status: "written", preview: preview as WritePreview, tally: { added, corrected, unchanged, importId } };
  } catch (e) {
    if (e instanceof PendingConfirmation) return { ...withRead, status: "pending", preview: e.preview };
    if (e instanceof UnknownUnitsError) return rejected(unknownUnitIssues(e, parsed.unitLines));
    if (e instanceof UnitConflictError)
      return rejected(
        e.conflicts.map((c) => ({
          line: c.line,
          code: "unitKindConflict",
          params: { unit: c.code, stored: c.stored, given: c.given },
        })),
      );
    throw e;
  }
}

function parse(
  db: PrismaClient,
  req: ImportRequest,
  table: Table,
  batch: Parameters<typeof saveTotals>[3],
): Parsed | { issues: ImportIssue[] } {
  const createUnits = req.createUnits ?? false;
  if (req.kind === "practice") {
    const { rows, issues } = parsePracticeRows(table, new Date().toISOString().slice(0, 10));
    if (issues.length) return { issues };
    return {
      read: rows.length,
      describe: describePractice(rows),
      unitLines: rows,
      save: (review) => savePracticeImport(db, req.institutionId, rows, batch, { createUnits, review }),
    };
  }
  if (req.kind === "session") {
    const { rows, issues } = parseSessionRows(table);
    if (issues.length) return { issues };
    return {
      read: rows.length,
      describe: describeSession(rows),
      unitLines: rows.map((r) => ({ line: r.line, unit: r.result.unit })),
      save: (review) => saveSessionImport(db, req.institutionId, rows, batch, { createUnits, review }),
    };
  }
  if (req.kind === "totals") {
    const { rows, issues } = parseTotalsRows(table);
    if (issues.length) return { issues };
    return {
      read: rows.length,
      describe: describeTotals(rows),
      unitLines: [],
      save: (review) => saveTotals(db, req.institutionId, rows, batch, { review }),
    };
  }
  const { rows, issues } = parseFiguresRows(table);
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
    // the institution's total line is outside any unit's scope
    scopeLines: rows.map((r) => ({ line: r.line, unit: r.label })),
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
