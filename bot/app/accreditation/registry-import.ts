// `sapat import programmes|accreditations|licences|agencies`: a registry file checked whole
// against what is stored (units, programmes, agencies), then written, or nothing. Programmes
// that change an existing one (name, unit, leader…) wait for confirmation, like corrections of
// stored figures; decisions and licences are only added; an agency a file names that is not
// stored is created and named as new, unless it is a near miss of a stored one.
import path from "node:path";
import { closestUnits, expiryOf, findUnit, type ProgrammeLevel, programmeKey, type UnitName } from "../../../core/index.ts";
import {
  listAgencies,
  loadProgrammes,
  type ProgrammeWrite,
  type StoredAgency,
  type StoredProgramme,
  saveAccreditations,
  saveAgencies,
  saveProgrammes,
} from "../../../prisma/store/accreditation.ts";
import { recordAudit } from "../../../prisma/store/audit.ts";
import type { PrismaClient } from "../../../prisma/store/db.ts";
import { saveLicences } from "../../../prisma/store/licences.ts";
import type { ImportIssue } from "../../io/table.ts";
import { capIssues } from "../imports/fields.ts";
import { readImportBytes, readImportFile } from "../imports/read-file.ts";
import {
  type ProgrammeRef,
  parseAccreditationRows,
  parseAgencyRows,
  parseLicenceRows,
  parseProgrammeRows,
} from "../imports/registry-rows.ts";
import { unitNames } from "../structure/unit-names.ts";

export const REGISTRY_KINDS = ["programmes", "accreditations", "licences", "agencies"] as const;
export type RegistryImportKind = (typeof REGISTRY_KINDS)[number];

export interface RegistryImportRequest {
  kind: RegistryImportKind;
  file: string;
  bytes?: Uint8Array;
  institutionId: number;
  enteredBy: string;
  /** changes to stored programmes are written only with this */
  confirm?: boolean;
  /** nothing written: what would be */
  previewOnly?: boolean;
  at: Date;
}

export interface FieldChange {
  field: string;
  from: string | null;
  to: string | null;
}

export type RegistryImportOutcome =
  | { status: "rejected"; file: string; issues: ImportIssue[] }
  | {
      status: "written" | "pending";
      file: string;
      kind: RegistryImportKind;
      read: number;
      /** what the file adds ("bachelor 580500", "580500 2023-06-01") */
      added: string[];
      /** stored programmes the file changes */
      changed: { target: string; changes: FieldChange[] }[];
      unchanged: number;
      newAgencies: string[];
      warnings: ImportIssue[];
    };

type Written = Omit<Extract<RegistryImportOutcome, { read: number }>, "status" | "file" | "kind" | "read" | "warnings">;
type Plan =
  | { issues: ImportIssue[] }
  | { read: number; preview: Written; needsConfirm: boolean; write: () => Promise<void>; warnings?: ImportIssue[] };

export async function importRegistryFile(db: PrismaClient, req: RegistryImportRequest): Promise<RegistryImportOutcome> {
  const file = path.basename(req.file);
  const rejected = (issues: ImportIssue[]): RegistryImportOutcome => ({ status: "rejected", file, issues: capIssues(issues) });
  const bytes = req.bytes ?? (await readImportFile(req.file));
  const read = "code" in bytes ? bytes : await readImportBytes(bytes);
  let outcome: RegistryImportOutcome;
  if ("code" in read) outcome = rejected([read]);
  else {
    const parsers = {
      programmes: parseProgrammeRows,
      accreditations: parseAccreditationRows,
      licences: parseLicenceRows,
      agencies: parseAgencyRows,
    };
    const parsed = parsers[req.kind](read.table);
    const meta = { enteredBy: req.enteredBy, at: req.at, fileName: file, action: `${req.kind}.import` };
    const plan: Plan = parsed.issues.length ? { issues: parsed.issues } : await planOf(db, req, parsed.rows as never, meta);
    if ("issues" in plan) outcome = rejected(plan.issues);
    else {
      const hold = req.previewOnly || (plan.needsConfirm && !req.confirm);
      if (!hold) await plan.write();
      outcome = {
        status: hold ? "pending" : "written",
        file,
        kind: req.kind,
        read: plan.read,
        ...plan.preview,
        warnings: [...parsed.warnings, ...(plan.warnings ?? [])],
      };
    }
  }
  if (outcome.status === "rejected")
    await recordAudit(db, {
      institutionId: req.institutionId,
      at: req.at,
      actor: req.enteredBy,
      chatId: null,
      action: `${req.kind}.import`,
      target: `file:${file}`,
      outcome: "refused",
      reason: outcome.issues[0]?.code ?? null,
      detail: { issues: outcome.issues.length, first: outcome.issues[0] ?? null },
    }).catch(() => undefined);
  return outcome;
}

type Meta = { enteredBy: string; at: Date; fileName: string; action: string };

async function planOf(db: PrismaClient, req: RegistryImportRequest, rows: never[], meta: Meta): Promise<Plan> {
  if (req.kind === "agencies") return planAgencies(db, req.institutionId, rows, meta);
  const resolver = await unitResolver(db, req.institutionId);
  if (req.kind === "programmes") return planProgrammes(db, req.institutionId, rows, resolver, meta);
  const programmes = await loadProgrammes(db, req.institutionId);
  if (req.kind === "licences") return planLicences(db, req.institutionId, rows, programmes, resolver, meta);
  return planAccreditations(db, req.institutionId, rows, programmes, resolver, meta);
}

type Resolver = (line: number, column: string, text: string) => { id: number; code: string } | ImportIssue;

async function unitResolver(db: PrismaClient, institutionId: number): Promise<Resolver> {
  const units = await db.unit.findMany({ where: { institutionId } });
  const names = await unitNames(db, institutionId);
  const byCode = new Map(units.map((u) => [u.code, u.id]));
  return (line, column, text): { id: number; code: string } | ImportIssue => {
    const code = byCode.has(text) ? text : findUnit(text, names);
    if (code !== undefined) return { id: byCode.get(code) as number, code };
    const [suggestion] = closestUnits(text, names, 1);
    return suggestion
      ? { line, code: "unitNotStoredSuggest", params: { column, unit: text, lines: String(line), suggestion } }
      : { line, code: "unitNotStored", params: { column, unit: text, lines: String(line) } };
  };
}

/** The programme a row names: by code, and by level when the code is stored at several. */
function findProgramme(line: number, ref: ProgrammeRef, programmes: readonly StoredProgramme[]): StoredProgramme | ImportIssue {
  const same = programmes.filter((p) => p.code === ref.code && (ref.level === null || p.level === ref.level));
  if (same.length === 1) return same[0] as StoredProgramme;
  if (same.length === 0)
    return { line, code: "programmeNotStored", params: { column: "programme_code", code: ref.code, level: ref.level ?? "" } };
  return {
    line,
    code: "programmeAmbiguous",
    params: { column: "programme_code", code: ref.code, levels: same.map((p) => p.level).join(", ") },
  };
}

const isIssue = (x: object): x is ImportIssue => "code" in x && "line" in x && "params" in x;

async function planProgrammes(
  db: PrismaClient,
  institutionId: number,
  rows: Parameters<typeof toWrites>[0],
  resolve: Resolver,
  meta: Meta,
): Promise<Plan> {
  const users = await db.user.findMany({ where: { institutionId, revokedAt: null } });
  const { writes, issues, warnings } = toWrites(rows, resolve, users);
  if (issues.length) return { issues };
  const stored = new Map((await loadProgrammes(db, institutionId)).map((p) => [programmeKey(p), p]));
  const added: string[] = [];
  const changed: { target: string; changes: FieldChange[] }[] = [];
  let unchanged = 0;
  for (const [i, w] of writes.entries()) {
    const held = stored.get(programmeKey(w));
    if (held) writes[i] = keepOmitted(w, held, rows[i]?.given ?? []);
    if (!held) added.push(`${w.level} ${w.code}`);
    else {
      const changes = diff(held, writes[i] as ProgrammeWrite);
      if (changes.length) changed.push({ target: `${w.level} ${w.code}`, changes });
      else unchanged += 1;
    }
  }
  return {
    read: rows.length,
    preview: { added, changed, unchanged, newAgencies: [] },
    needsConfirm: changed.length > 0,
    write: async () => {
      await saveProgrammes(db, institutionId, writes, meta);
    },
    warnings,
  };
}

type ProgrammeRows = ReturnType<typeof parseProgrammeRows>["rows"];

function toWrites(rows: ProgrammeRows, resolve: Resolver, users: { id: number; telegramId: string; username: string | null }[]) {
  const issues: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  const writes: ProgrammeWrite[] = [];
  for (const r of rows) {
    const unit = resolve(r.line, "unit", r.unit);
    if (isIssue(unit)) {
      issues.push(unit);
      continue;
    }
    let leaderUserId: number | null = null;
    if (r.leader && /^(@\w+|\d{4,})$/.test(r.leader)) {
      const handle = r.leader.replace(/^@/, "").toLowerCase();
      const user = users.find((u) => u.telegramId === r.leader || u.username?.toLowerCase() === handle);
      if (user) leaderUserId = user.id;
      else warnings.push({ line: r.line, code: "programmeLeaderUnknown", params: { column: "leader", leader: r.leader } });
    }
    writes.push({ ...r, unit: unit.code, unitId: unit.id, leaderUserId });
  }
  return { writes, issues, warnings };
}

/** A stored programme's values for the optional columns the file leaves out. */
function keepOmitted(w: ProgrammeWrite, held: StoredProgramme, given: readonly string[]): ProgrammeWrite {
  const has = (c: string) => given.includes(c);
  return {
    ...w,
    nameRu: has("name_ru") ? w.nameRu : held.nameRu,
    nameEn: has("name_en") ? w.nameEn : held.nameEn,
    forms: has("form") ? w.forms : held.forms,
    durationYears: has("duration") ? w.durationYears : held.durationYears,
    leader: has("leader") ? w.leader : held.leader,
    leaderUserId: has("leader") ? w.leaderUserId : held.leaderUserId,
  };
}

function diff(held: StoredProgramme, w: ProgrammeWrite): FieldChange[] {
  const fields: [string, string | null, string | null][] = [
    ["name", held.nameKy, w.nameKy],
    ["name_ru", held.nameRu, w.nameRu],
    ["name_en", held.nameEn, w.nameEn],
    ["unit", held.unit, w.unit],
    ["form", held.forms.join(","), w.forms.join(",")],
    [
      "duration",
      held.durationYears === null ? null : String(held.durationYears),
      w.durationYears === null ? null : String(w.durationYears),
    ],
    ["leader", held.leader, w.leader],
  ];
  return fields.filter(([, a, b]) => (a ?? "") !== (b ?? "")).map(([field, from, to]) => ({ field, from, to }));
}

/** Agencies named by a file: stored ones by code, name or alias; a near miss is an issue; the rest new. */
function agencyResolver(stored: readonly StoredAgency[]) {
  const names: UnitName[] = stored.map((a) => ({ code: a.code, names: [a.name, ...a.aliases] }));
  const fresh = new Map<string, string>();
  return (line: number, text: string): { code: string; isNew: boolean } | ImportIssue => {
    const known = stored.some((a) => a.code === text) ? text : findUnit(text, names);
    if (known !== undefined) return { code: known, isNew: false };
    const [suggestion] = closestUnits(text, names, 1);
    if (suggestion) return { line, code: "agencyUnknownSuggest", params: { column: "agency", agency: text, suggestion } };
    fresh.set(text, text);
    return { code: text, isNew: true };
  };
}

async function planAccreditations(
  db: PrismaClient,
  institutionId: number,
  rows: ReturnType<typeof parseAccreditationRows>["rows"],
  programmes: readonly StoredProgramme[],
  resolveUnit: Resolver,
  meta: Meta,
): Promise<Plan> {
  const agencies = await listAgencies(db, institutionId);
  const agencyOf = agencyResolver(agencies);
  const issues: ImportIssue[] = [];
  const resolved: {
    row: (typeof rows)[number];
    programme: StoredProgramme | null;
    unit: { id: number; code: string } | null;
    agency: string;
  }[] = [];
  const fresh = new Set<string>();
  for (const row of rows) {
    const programme = row.programme ? findProgramme(row.line, row.programme, programmes) : null;
    const unit = row.unit ? resolveUnit(row.line, "unit", row.unit) : null;
    const agency = agencyOf(row.line, row.agency);
    const bad = [programme, unit, agency].filter((x): x is ImportIssue => x !== null && isIssue(x));
    if (bad.length) {
      issues.push(...bad);
      continue;
    }
    const a = agency as { code: string; isNew: boolean };
    if (a.isNew) fresh.add(a.code);
    resolved.push({
      row,
      programme: programme as StoredProgramme | null,
      unit: unit as { id: number; code: string } | null,
      agency: a.code,
    });
  }
  if (issues.length) return { issues };
  const stored = new Set(
    (await db.accreditation.findMany({ where: { institutionId }, include: { agency: true } })).map(
      (r) => `${r.programmeId}|${r.unitId}|${r.agency.code}|${r.decisionDate}`,
    ),
  );
  const added = resolved
    .filter(
      (r) =>
        !stored.has(`${r.programme?.id ?? null}|${r.programme ? null : (r.unit?.id ?? null)}|${r.agency}|${r.row.decisionDate}`),
    )
    .map((r) => `${r.programme ? `${r.programme.level} ${r.programme.code}` : r.unit?.code} ${r.row.decisionDate}`);
  return {
    read: rows.length,
    preview: { added, changed: [], unchanged: rows.length - added.length, newAgencies: [...fresh] },
    needsConfirm: false,
    write: async () => {
      const ids = new Map(agencies.map((a) => [a.code, a.id]));
      const created = await saveAgencies(
        db,
        institutionId,
        [...fresh].map((code) => ({ code, name: code, international: false, aliases: [] })),
        { ...meta, action: "agencies.import" },
      );
      for (const [code, id] of created) ids.set(code, id);
      await saveAccreditations(
        db,
        institutionId,
        resolved.map(({ row, programme, unit, agency }) => ({
          kind: row.kind,
          programme: programme ? { code: programme.code, level: programme.level as ProgrammeLevel } : null,
          unit: programme ? null : (unit?.code ?? null),
          programmeId: programme?.id ?? null,
          unitId: programme ? null : (unit?.id ?? null),
          agencyId: ids.get(agency) as number,
          framework: row.framework,
          decisionDate: row.decisionDate,
          termYears: row.termYears,
          expiresOn: expiryOf(row.decisionDate, row.termYears),
          conditions: row.conditions,
        })),
        meta,
      );
    },
  };
}

async function planLicences(
  db: PrismaClient,
  institutionId: number,
  rows: ReturnType<typeof parseLicenceRows>["rows"],
  programmes: readonly StoredProgramme[],
  resolveUnit: Resolver,
  meta: Meta,
): Promise<Plan> {
  const issues: ImportIssue[] = [];
  const writes: Parameters<typeof saveLicences>[2][number][] = [];
  for (const row of rows) {
    const programme = findProgramme(row.line, row.programme, programmes);
    const unit = resolveUnit(row.line, "unit", row.unit);
    if (isIssue(programme) || isIssue(unit)) {
      issues.push(...[programme, unit].filter(isIssue));
      continue;
    }
    writes.push({
      ...row,
      programme: { code: programme.code, level: programme.level },
      programmeId: programme.id,
      unit: unit.code,
      unitId: unit.id,
    });
  }
  if (issues.length) return { issues };
  return {
    read: rows.length,
    preview: {
      added: writes.map((w) => `${w.programme.level} ${w.programme.code} ${w.unit} ${w.state}`),
      changed: [],
      unchanged: 0,
      newAgencies: [],
    },
    needsConfirm: false,
    write: async () => {
      await saveLicences(db, institutionId, writes, meta);
    },
  };
}

async function planAgencies(
  db: PrismaClient,
  institutionId: number,
  rows: ReturnType<typeof parseAgencyRows>["rows"],
  meta: Meta,
): Promise<Plan> {
  const stored = new Set((await listAgencies(db, institutionId)).map((a) => a.code));
  return {
    read: rows.length,
    preview: {
      added: rows.filter((r) => !stored.has(r.code)).map((r) => r.code),
      changed: [],
      unchanged: rows.filter((r) => stored.has(r.code)).length,
      newAgencies: [],
    },
    needsConfirm: false,
    write: async () => {
      await saveAgencies(db, institutionId, rows, meta);
    },
  };
}
