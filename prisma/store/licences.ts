// Licences of the registry's programmes: loaded per scope as core values, added with an
// audit line each (an application and its decision are separate facts: nothing is overwritten).
import { z } from "zod";
import { LICENCE_BASES, LICENCE_STATES, type Licence, PROGRAMME_LEVELS } from "../../core/index.ts";
import type { WriteMeta } from "./accreditation.ts";
import { recordAudit } from "./audit.ts";
import { type Db, type PrismaClient, writeTransaction } from "./db.ts";

const level = z.enum(PROGRAMME_LEVELS);
const basis = z.enum(LICENCE_BASES);
const state = z.enum(LICENCE_STATES);

export interface StoredLicence extends Licence {
  id: number;
  programmeId: number;
}

export async function loadLicences(
  db: Db,
  institutionId: number,
  filter: { unitIds?: readonly number[] } = {},
): Promise<StoredLicence[]> {
  const rows = await db.licence.findMany({
    where: { institutionId, ...(filter.unitIds ? { unitId: { in: [...filter.unitIds] } } : {}) },
    include: { programme: true, unit: true },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({
    id: r.id,
    programmeId: r.programmeId,
    programme: { code: r.programme.code, level: level.parse(r.programme.level) },
    basis: basis.parse(r.basis),
    unit: r.unit.code,
    state: state.parse(r.state),
    appliedOn: r.appliedOn,
    decidedOn: r.decidedOn,
    validUntil: r.validUntil,
    number: r.number,
    year: r.year,
  }));
}

export interface LicenceWrite extends Licence {
  programmeId: number;
  unitId: number;
}

const sameKey = (l: {
  programmeId: number;
  unitId: number;
  basis: string;
  state: string;
  appliedOn: string | null;
  decidedOn: string | null;
}) => `${l.programmeId}|${l.unitId}|${l.basis}|${l.state}|${l.appliedOn}|${l.decidedOn}`;

/** Adds licences; one already stored as it is (same programme, unit, basis, state and days) is left. */
export async function saveLicences(
  db: PrismaClient,
  institutionId: number,
  licences: readonly LicenceWrite[],
  meta: WriteMeta,
): Promise<{ added: number; unchanged: number }> {
  return writeTransaction(db, async (tx) => {
    const held = new Set((await tx.licence.findMany({ where: { institutionId } })).map(sameKey));
    const tally = { added: 0, unchanged: 0 };
    for (const l of licences) {
      if (held.has(sameKey(l))) {
        tally.unchanged += 1;
        continue;
      }
      held.add(sameKey(l));
      const data = {
        basis: l.basis,
        state: l.state,
        appliedOn: l.appliedOn,
        decidedOn: l.decidedOn,
        validUntil: l.validUntil,
        number: l.number,
        year: l.year,
      };
      await tx.licence.create({
        data: {
          institutionId,
          programmeId: l.programmeId,
          unitId: l.unitId,
          enteredBy: meta.enteredBy,
          createdAt: meta.at,
          ...data,
        },
      });
      tally.added += 1;
      await recordAudit(tx, {
        institutionId,
        at: meta.at,
        actor: meta.enteredBy,
        chatId: null,
        action: meta.action,
        target: `licence:${l.programme.level}:${l.programme.code}:${l.unit}`,
        outcome: "written",
        detail: { ...data, ...(meta.fileName ? { file: meta.fileName } : {}) },
      });
    }
    return tally;
  });
}
