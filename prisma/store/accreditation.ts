// The programme registry and its accreditations (DOMAIN.md §5): loaded per institution and
// scope as core values, written with an audit line per change. Programmes are keyed by
// (code, level); a change to an existing one keeps its earlier values in the audit line, and
// accreditation decisions are only ever added (a newer one supersedes, none is overwritten).
import { z } from "zod";
import {
  ACCREDITATION_KINDS,
  type Accreditation,
  PROGRAMME_LEVELS,
  type Programme,
  type ProgrammeLevel,
  programmeKey,
} from "../../core/index.ts";
import type { Prisma } from "../generated/client.ts";
import { recordAudit } from "./audit.ts";
import type { Db, PrismaClient } from "./db.ts";
import { writeTransaction } from "./db.ts";

const level = z.enum(PROGRAMME_LEVELS);
const kind = z.enum(ACCREDITATION_KINDS);

export interface StoredProgramme extends Programme {
  id: number;
  unitId: number;
  leaderUserId: number | null;
}

export interface StoredAccreditation extends Accreditation {
  id: number;
  programmeId: number | null;
  agencyName: string;
  international: boolean;
  enteredBy: string;
  createdAt: Date;
}

export interface StoredAgency {
  id: number;
  code: string;
  name: string;
  international: boolean;
  aliases: string[];
}

type ProgrammeRow = Prisma.ProgrammeGetPayload<{ include: { unit: true } }>;

const programmeOf = (r: ProgrammeRow): StoredProgramme => ({
  id: r.id,
  code: r.code,
  level: level.parse(r.level),
  nameKy: r.nameKy,
  nameRu: r.nameRu,
  nameEn: r.nameEn,
  unit: r.unit.code,
  unitId: r.unitId,
  forms: r.forms ? r.forms.split(",") : [],
  durationYears: r.durationYears,
  leader: r.leaderText,
  leaderUserId: r.leaderUserId,
});

/** The institution's programmes, within the units given (all when none are), by unit and code. */
export async function loadProgrammes(
  db: Db,
  institutionId: number,
  filter: { unitIds?: readonly number[]; level?: ProgrammeLevel } = {},
): Promise<StoredProgramme[]> {
  const rows = await db.programme.findMany({
    where: {
      institutionId,
      ...(filter.unitIds ? { unitId: { in: [...filter.unitIds] } } : {}),
      ...(filter.level ? { level: filter.level } : {}),
    },
    include: { unit: true },
    orderBy: [{ unitId: "asc" }, { code: "asc" }, { level: "asc" }],
  });
  return rows.map(programmeOf);
}

const aliasesOf = (json: string): string[] => {
  const parsed = z.array(z.string()).safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : [];
};

export async function listAgencies(db: Db, institutionId: number): Promise<StoredAgency[]> {
  const rows = await db.agency.findMany({ where: { institutionId }, orderBy: { code: "asc" } });
  return rows.map((a) => ({
    id: a.id,
    code: a.code,
    name: a.name,
    international: a.international,
    aliases: aliasesOf(a.aliases),
  }));
}

/**
 * Every decision about the programmes given (superseded ones too: the core picks the current
 * one), and the institutional ones of the units given; all of the institution's without a scope.
 */
export async function loadAccreditations(
  db: Db,
  institutionId: number,
  filter: { unitIds?: readonly number[]; programmeIds?: readonly number[] } = {},
): Promise<StoredAccreditation[]> {
  const scoped = filter.unitIds
    ? {
        OR: [{ programme: { unitId: { in: [...filter.unitIds] } } }, { programmeId: null, unitId: { in: [...filter.unitIds] } }],
      }
    : {};
  const rows = await db.accreditation.findMany({
    where: { institutionId, ...scoped, ...(filter.programmeIds ? { programmeId: { in: [...filter.programmeIds] } } : {}) },
    include: { programme: true, unit: true, agency: true },
    orderBy: [{ decisionDate: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => ({
    id: r.id,
    programmeId: r.programmeId,
    kind: kind.parse(r.kind),
    programme: r.programme ? { code: r.programme.code, level: level.parse(r.programme.level) } : null,
    unit: r.unit?.code ?? null,
    agency: r.agency.code,
    agencyName: r.agency.name,
    international: r.agency.international,
    framework: r.framework,
    decisionDate: r.decisionDate,
    termYears: r.termYears,
    expiresOn: r.expiresOn,
    conditions: r.conditions,
    enteredBy: r.enteredBy,
    createdAt: r.createdAt,
  }));
}

/** A programme to write: the core's fields with the unit and leader resolved to ids. */
export interface ProgrammeWrite extends Programme {
  unitId: number;
  leaderUserId: number | null;
}

export interface WriteMeta {
  enteredBy: string;
  at: Date;
  /** the file it came from, for the audit line */
  fileName?: string;
  action: string;
}

const programmeData = (p: ProgrammeWrite) => ({
  nameKy: p.nameKy,
  nameRu: p.nameRu,
  nameEn: p.nameEn,
  unitId: p.unitId,
  forms: p.forms.join(","),
  durationYears: p.durationYears,
  leaderUserId: p.leaderUserId,
  leaderText: p.leader,
});

export const programmeTarget = (p: { code: string; level: string }) => `programme:${p.level}:${p.code}`;

/** Adds new programmes and changes existing ones (the caller has shown the changes); unchanged ones are left. */
export async function saveProgrammes(
  db: PrismaClient,
  institutionId: number,
  programmes: readonly ProgrammeWrite[],
  meta: WriteMeta,
): Promise<{ added: number; changed: number; unchanged: number }> {
  return writeTransaction(db, async (tx) => {
    const existing = new Map(
      (await tx.programme.findMany({ where: { institutionId } })).map((r) => [programmeKey(r), r] as const),
    );
    const tally = { added: 0, changed: 0, unchanged: 0 };
    for (const p of programmes) {
      const data = programmeData(p);
      const held = existing.get(programmeKey(p));
      const before = held ? Object.fromEntries(Object.keys(data).map((k) => [k, (held as Record<string, unknown>)[k]])) : null;
      if (before && JSON.stringify(before) === JSON.stringify(data)) {
        tally.unchanged += 1;
        continue;
      }
      if (held) await tx.programme.update({ where: { id: held.id }, data });
      else await tx.programme.create({ data: { institutionId, code: p.code, level: p.level, ...data } });
      tally[held ? "changed" : "added"] += 1;
      await recordAudit(tx, {
        institutionId,
        at: meta.at,
        actor: meta.enteredBy,
        chatId: null,
        action: meta.action,
        target: programmeTarget(p),
        outcome: "written",
        detail: { ...data, ...(before ? { previous: before } : {}), ...(meta.fileName ? { file: meta.fileName } : {}) },
      });
    }
    return tally;
  });
}

/** A decision to add: the programme (or, institutional, the unit) and the agency resolved to ids. */
export interface AccreditationWrite extends Omit<Accreditation, "agency"> {
  programmeId: number | null;
  unitId: number | null;
  agencyId: number;
}

export const accreditationTarget = (a: Pick<Accreditation, "programme" | "unit" | "decisionDate">) =>
  `accreditation:${a.programme ? `${a.programme.level}:${a.programme.code}` : `unit:${a.unit}`}:${a.decisionDate}`;

/**
 * Adds decisions; one already stored (same programme or unit, agency and decision date) is
 * left as it is, so a file imported twice adds nothing the second time.
 */
export async function saveAccreditations(
  db: PrismaClient,
  institutionId: number,
  decisions: readonly AccreditationWrite[],
  meta: WriteMeta,
): Promise<{ added: number; unchanged: number }> {
  return writeTransaction(db, async (tx) => {
    const held = new Set(
      (await tx.accreditation.findMany({ where: { institutionId } })).map(
        (r) => `${r.programmeId}|${r.unitId}|${r.agencyId}|${r.decisionDate}`,
      ),
    );
    const tally = { added: 0, unchanged: 0 };
    for (const d of decisions) {
      const key = `${d.programmeId}|${d.unitId}|${d.agencyId}|${d.decisionDate}`;
      if (held.has(key)) {
        tally.unchanged += 1;
        continue;
      }
      held.add(key);
      await tx.accreditation.create({
        data: {
          institutionId,
          programmeId: d.programmeId,
          unitId: d.unitId,
          kind: d.kind,
          agencyId: d.agencyId,
          framework: d.framework,
          decisionDate: d.decisionDate,
          termYears: d.termYears,
          expiresOn: d.expiresOn,
          conditions: d.conditions,
          enteredBy: meta.enteredBy,
          createdAt: meta.at,
        },
      });
      tally.added += 1;
      await recordAudit(tx, {
        institutionId,
        at: meta.at,
        actor: meta.enteredBy,
        chatId: null,
        action: meta.action,
        target: accreditationTarget(d),
        outcome: "written",
        detail: {
          agencyId: d.agencyId,
          decisionDate: d.decisionDate,
          termYears: d.termYears,
          expiresOn: d.expiresOn,
          ...(meta.fileName ? { file: meta.fileName } : {}),
        },
      });
    }
    return tally;
  });
}

/** Adds agencies or changes their names and aliases (an agency's code is how files name it). */
export async function saveAgencies(
  db: Db,
  institutionId: number,
  agencies: readonly Omit<StoredAgency, "id">[],
  meta: WriteMeta,
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const a of agencies) {
    const data = { name: a.name, international: a.international, aliases: JSON.stringify(a.aliases) };
    const row = await db.agency.upsert({
      where: { institutionId_code: { institutionId, code: a.code } },
      create: { institutionId, code: a.code, ...data },
      update: data,
    });
    ids.set(a.code, row.id);
    await recordAudit(db, {
      institutionId,
      at: meta.at,
      actor: meta.enteredBy,
      chatId: null,
      action: meta.action,
      target: `agency:${a.code}`,
      outcome: "written",
      detail: { ...data, ...(meta.fileName ? { file: meta.fileName } : {}) },
    });
  }
  return ids;
}
