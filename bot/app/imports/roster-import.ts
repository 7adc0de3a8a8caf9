// Importing the student roster: rows checked, units resolved (codes, names, aliases; an
// unknown one named back with the closest), compared with the stored roster. New students
// are written at once; students who moved (group, course, unit, form, name) only when
// confirmed, their bound accounts following them; students the file no longer lists are
// kept and reported, never deleted or unbound.
import { createHash } from "node:crypto";
import path from "node:path";
import { closestUnits, findUnit, type RosterPreview, rosterDiff } from "../../../core/index.ts";
import { recordAudit } from "../../../prisma/store/audit.ts";
import type { ImportProvenance, PrismaClient } from "../../../prisma/store/db.ts";
import { saveRoster, storedRoster } from "../../../prisma/store/roster.ts";
import type { SpreadsheetFormat } from "../../io/spreadsheet.ts";
import type { ImportIssue, Table } from "../../io/table.ts";
import type { TextEncoding } from "../../io/text.ts";
import { unitNames } from "../structure/unit-names.ts";
import { capIssues } from "./fields.ts";
import type { ImportRequest } from "./import-file.ts";
import type { Confirmation } from "./preview.ts";
import { readImportBytes, readImportFile } from "./read-file.ts";
import { parseRosterRows } from "./roster-rows.ts";

export type { RosterPreview };

export type RosterImport =
  | { ok: true; status: "written" | "pending"; read: number; roster: RosterPreview; importId: number | null }
  | { ok: false; issues: ImportIssue[] };

const SHOWN_ADDED = 20;

/** Each distinct unit text as a stored code, or one issue per unknown unit on its first line. */
async function resolveUnits(
  db: PrismaClient,
  institutionId: number,
  rows: readonly { line: number; unit: string }[],
): Promise<{ codes: Map<string, { code: string; id: number }>; issues: ImportIssue[] }> {
  const stored = await db.unit.findMany({ where: { institutionId }, select: { id: true, code: true } });
  const ids = new Map(stored.map((u) => [u.code, u.id]));
  const names = await unitNames(db, institutionId);
  const codes = new Map<string, { code: string; id: number }>();
  const unknown = new Map<string, number[]>();
  for (const { line, unit } of rows) {
    if (codes.has(unit)) continue;
    const code = ids.has(unit) ? unit : findUnit(unit, names);
    if (code && ids.has(code)) codes.set(unit, { code, id: ids.get(code) as number });
    else unknown.set(unit, [...(unknown.get(unit) ?? []), line]);
  }
  const issues = [...unknown].map(([unit, lines]): ImportIssue => {
    const shown = lines.length > 10 ? `${lines.slice(0, 10).join(", ")}, …` : lines.join(", ");
    const suggestion = closestUnits(unit, names, 1)[0];
    return suggestion
      ? { line: lines[0] as number, code: "unitNotStoredSuggest", params: { unit, lines: shown, suggestion } }
      : { line: lines[0] as number, code: "unitNotStored", params: { unit, lines: shown } };
  });
  return { codes, issues };
}

/** `previewOnly`: nothing written; moves wait for `confirm` (true, or the token of the preview seen). */
export async function importRoster(
  db: PrismaClient,
  institutionId: number,
  table: Table,
  batch: ImportProvenance,
  options: { confirm?: Confirmation; previewOnly?: boolean; now: Date },
): Promise<RosterImport> {
  const parsed = parseRosterRows(table);
  const { codes, issues } = await resolveUnits(db, institutionId, parsed.unitLines);
  const all = [...parsed.issues, ...issues];
  if (all.length) return { ok: false, issues: all.sort((a, b) => a.line - b.line) };
  const rows = parsed.rows.map((r) => {
    const unit = codes.get(r.unit) as { code: string; id: number };
    return { ...r, unit: unit.code, unitId: unit.id };
  });
  const diff = rosterDiff(await storedRoster(db, institutionId), rows);
  const moved = diff.moved.map(({ row: _row, ...m }) => m);
  const token = createHash("sha256")
    .update(JSON.stringify([batch.sha256, diff.added.length, moved.map((m) => [m.studentId, m.changes])]))
    .digest("hex")
    .slice(0, 16);
  const roster: RosterPreview = {
    added: diff.added.length,
    addedRows: diff.added
      .slice(0, SHOWN_ADDED)
      .map((r) => ({ line: r.line, studentId: r.studentId, fullName: r.fullName, groupName: r.groupName })),
    moved,
    unchanged: diff.unchanged,
    missing: diff.missing.map((s) => ({ studentId: s.studentId, fullName: s.fullName, groupName: s.groupName, bound: s.bound })),
    token,
  };
  const head = { ok: true as const, read: rows.length, roster };
  const confirmed = options.confirm === true || options.confirm === token;
  if (options.previewOnly || (moved.length && !confirmed)) return { ...head, status: "pending", importId: null };
  if (!diff.added.length && !moved.length) return { ...head, status: "written", importId: null };
  const { importId } = await saveRoster(
    db,
    institutionId,
    { added: diff.added, moved: diff.moved.map((m) => m.row) },
    batch,
    options.now,
  );
  return { ...head, status: "written", importId };
}

export type RosterOutcome =
  | {
      status: "written" | "pending";
      file: string;
      format: SpreadsheetFormat;
      encoding: TextEncoding | null;
      read: number;
      roster: RosterPreview;
      importId: number | null;
    }
  | { status: "rejected"; file: string; issues: ImportIssue[] };

/** The roster file as `sapat import roster` and a file sent to the bot give it; a refusal is audited. */
export async function importRosterFile(
  db: PrismaClient,
  req: Pick<ImportRequest, "file" | "bytes" | "institutionId" | "enteredBy" | "confirm" | "previewOnly"> & { now: Date },
): Promise<RosterOutcome> {
  const file = path.basename(req.file);
  const outcome = await readAndImport(db, file, req);
  if (outcome.status === "rejected")
    await recordAudit(db, {
      institutionId: req.institutionId,
      at: req.now,
      actor: req.enteredBy,
      chatId: null,
      action: "roster.import",
      target: `file:${file}`,
      outcome: "refused",
      reason: outcome.issues[0]?.code ?? null,
      detail: { issues: outcome.issues.length, first: outcome.issues[0] ?? null },
    }).catch(() => undefined);
  return outcome;
}

async function readAndImport(
  db: PrismaClient,
  file: string,
  req: Parameters<typeof importRosterFile>[1],
): Promise<RosterOutcome> {
  const rejected = (issues: ImportIssue[]): RosterOutcome => ({ status: "rejected", file, issues: capIssues(issues) });
  const bytes = req.bytes ?? (await readImportFile(req.file));
  if ("code" in bytes) return rejected([bytes]);
  const read = await readImportBytes(bytes);
  if ("code" in read) return rejected([read]);
  const batch = { fileName: file, sha256: read.sha256, source: file, enteredBy: req.enteredBy };
  const r = await importRoster(db, req.institutionId, read.table, batch, {
    ...(req.confirm ? { confirm: req.confirm } : {}),
    ...(req.previewOnly ? { previewOnly: true } : {}),
    now: req.now,
  });
  if (!r.ok) return rejected(r.issues);
  return {
    status: r.status,
    file,
    format: read.format,
    encoding: read.encoding,
    read: r.read,
    roster: r.roster,
    importId: r.importId,
  };
}
