// A small accreditation registry for reminder and /accreditation tests, written through the
// registry's store (not its importers): an agency, programmes with leaders, one decision each.
import { expiryOf, type ProgrammeLevel } from "../../core/index.ts";
import type { Institution } from "../../prisma/generated/client.ts";
import { saveAccreditations, saveAgencies, saveProgrammes } from "../../prisma/store/accreditation.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";

export interface ProgrammeSpec {
  code: string;
  level?: ProgrammeLevel;
  unit: string;
  nameKy?: string;
  nameRu?: string;
  nameEn?: string;
  /** the leader's Telegram id (a user made when missing) */
  leader?: string;
  /** the decision day; none: never accredited */
  decided?: string;
  termYears?: number;
}

const meta = (at: Date) => ({ enteredBy: "test", at, action: "test.registry" });

/** Programmes and their decisions; returns each programme's current decision id by code. */
export async function seedRegistry(
  db: PrismaClient,
  institution: Institution,
  specs: readonly ProgrammeSpec[],
  at: Date,
): Promise<Map<string, number>> {
  const units = new Map((await db.unit.findMany({ where: { institutionId: institution.id } })).map((u) => [u.code, u.id]));
  const agencies = await saveAgencies(
    db,
    institution.id,
    [{ code: "ААА", name: "Агентство ААА", international: false, aliases: [] }],
    meta(at),
  );
  const leaderIds = new Map<string, number>();
  for (const s of specs) {
    if (!s.leader || leaderIds.has(s.leader)) continue;
    const u =
      (await db.user.findUnique({ where: { telegramId: s.leader } })) ??
      (await db.user.create({
        data: {
          institutionId: institution.id,
          telegramId: s.leader,
          role: "head",
          scopeUnitId: units.get(s.unit) ?? null,
          firstName: `Лидер ${s.code}`,
        },
      }));
    leaderIds.set(s.leader, u.id);
  }
  await saveProgrammes(
    db,
    institution.id,
    specs.map((s) => ({
      code: s.code,
      level: s.level ?? "bachelor",
      nameKy: s.nameKy ?? `Программа ${s.code}`,
      nameRu: s.nameRu ?? null,
      nameEn: s.nameEn ?? null,
      unit: s.unit,
      unitId: units.get(s.unit) as number,
      forms: ["full-time"],
      durationYears: 4,
      leader: s.leader ?? null,
      leaderUserId: s.leader ? (leaderIds.get(s.leader) ?? null) : null,
    })),
    meta(at),
  );
  await addDecisions(db, institution, specs, at, agencies.get("ААА") as number);
  const out = new Map<string, number>();
  const rows = await db.accreditation.findMany({
    where: { institutionId: institution.id },
    include: { programme: true },
    orderBy: { decisionDate: "asc" },
  });
  for (const r of rows) if (r.programme) out.set(r.programme.code, r.id);
  return out;
}

/** More decisions (a newer one supersedes); the agency is the one seedRegistry made. */
export async function addDecisions(
  db: PrismaClient,
  institution: Institution,
  specs: readonly ProgrammeSpec[],
  at: Date,
  agencyId?: number,
): Promise<void> {
  const agency = agencyId ?? (await db.agency.findFirstOrThrow({ where: { institutionId: institution.id } })).id;
  const programmes = new Map(
    (await db.programme.findMany({ where: { institutionId: institution.id } })).map((p) => [`${p.level}|${p.code}`, p.id]),
  );
  await saveAccreditations(
    db,
    institution.id,
    specs
      .filter((s) => s.decided)
      .map((s) => ({
        kind: "programmatic" as const,
        programme: { code: s.code, level: s.level ?? "bachelor" },
        unit: null,
        programmeId: programmes.get(`${s.level ?? "bachelor"}|${s.code}`) as number,
        unitId: null,
        agencyId: agency,
        framework: null,
        decisionDate: s.decided as string,
        termYears: s.termYears ?? 5,
        expiresOn: expiryOf(s.decided as string, s.termYears ?? 5),
        conditions: null,
      })),
    meta(at),
  );
}
