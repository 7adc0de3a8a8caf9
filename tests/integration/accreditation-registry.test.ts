// The registry's store and its use case on a real database: programmes keyed by code and
// level (leading zeros kept), decisions only added (a newer one is current), a change to a
// programme kept in the audit with its earlier values, and a dean seeing only his unit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accreditationRegistry } from "../../bot/app/accreditation/accreditation-registry.ts";
import { expiryOf, type ProgrammeLevel } from "../../core/index.ts";
import { createPrisma } from "../../prisma/client.ts";
import type { Institution } from "../../prisma/generated/client.ts";
import {
  loadAccreditations,
  loadProgrammes,
  saveAccreditations,
  saveAgencies,
  saveProgrammes,
} from "../../prisma/store/accreditation.ts";
import { listAudit } from "../../prisma/store/audit.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { resolveInstitution } from "../../prisma/store/institutions.ts";
import { loadLicences, saveLicences } from "../../prisma/store/licences.ts";
import { accessOf, upsertLocalUser } from "../../prisma/store/users.ts";
import { cli, DATA, tempDatabaseUrl } from "../helpers.ts";

const tmp = tempDatabaseUrl();
let db: PrismaClient;
let institution: Institution;
const unitId = new Map<string, number>();
const meta = { enteredBy: "cli:test", at: new Date("2026-11-23T06:00:00Z"), action: "programme.import" };

const programme = (code: string, level: ProgrammeLevel, unit: string, nameKy = `Программа ${code}`) => ({
  code,
  level,
  nameKy,
  nameRu: null,
  nameEn: null,
  unit,
  unitId: unitId.get(unit) as number,
  forms: ["full-time"],
  durationYears: null,
  leader: null,
  leaderUserId: null,
});

beforeAll(async () => {
  expect((await cli(tmp.url, "import", "units", `${DATA}/kstu-units.csv`)).code).toBe(0);
  db = createPrisma(tmp.url);
  institution = await resolveInstitution(db);
  for (const u of await db.unit.findMany()) unitId.set(u.code, u.id);
  await saveProgrammes(
    db,
    institution.id,
    [
      programme("580500", "bachelor", "ИЭФ", "Бизнес-информатика"),
      programme("580500", "master", "ИЭФ"),
      programme("050709", "secondary-vocational", "Политех. колледж"),
      programme("710400", "bachelor", "ТФ"),
    ],
    meta,
  );
  const agencies = await saveAgencies(
    db,
    institution.id,
    [{ code: "NAA", name: "National agency", international: false, aliases: ["НАА"] }],
    meta,
  );
  const ids = new Map((await loadProgrammes(db, institution.id)).map((p) => [`${p.level}|${p.code}`, p.id]));
  const decision = (key: string, decisionDate: string) => ({
    kind: "programmatic" as const,
    programme: { code: key.split("|")[1] as string, level: key.split("|")[0] as ProgrammeLevel },
    unit: null,
    programmeId: ids.get(key) as number,
    unitId: null,
    agencyId: agencies.get("NAA") as number,
    framework: null,
    decisionDate,
    termYears: 5,
    expiresOn: expiryOf(decisionDate, 5),
    conditions: null,
  });
  await saveAccreditations(
    db,
    institution.id,
    [
      decision("bachelor|580500", "2018-06-01"),
      decision("bachelor|580500", "2023-06-01"),
      decision("master|580500", "2021-12-10"),
      decision("secondary-vocational|050709", "2021-11-23"),
    ],
    { ...meta, action: "accreditation.import" },
  );
});
afterAll(async () => {
  await db.$disconnect();
  tmp.cleanup();
});

describe("the registry's store", () => {
  it("keeps the code as text with its leading zero, the same code at two levels", async () => {
    const all = await loadProgrammes(db, institution.id);
    expect(all.map((p) => `${p.level}|${p.code}`).sort()).toEqual([
      "bachelor|580500",
      "bachelor|710400",
      "master|580500",
      "secondary-vocational|050709",
    ]);
    const iefOnly = await loadProgrammes(db, institution.id, { unitIds: [unitId.get("ИЭФ") as number] });
    expect(iefOnly).toHaveLength(2);
  });

  it("adds a decision once: the same file again adds nothing, older decisions stay", async () => {
    const before = await loadAccreditations(db, institution.id);
    expect(before).toHaveLength(4);
    const again = await saveAccreditations(
      db,
      institution.id,
      before.map((d) => ({ ...d, agencyId: 1, unitId: null })),
      { ...meta, action: "accreditation.import" },
    );
    expect(again).toEqual({ added: 0, unchanged: 4 });
  });

  it("a changed name is written with the earlier one kept in the audit; the same values write nothing", async () => {
    const renamed = await saveProgrammes(
      db,
      institution.id,
      [programme("710400", "bachelor", "ТФ", "Программалык инженерия")],
      meta,
    );
    expect(renamed).toEqual({ added: 0, changed: 1, unchanged: 0 });
    const same = await saveProgrammes(
      db,
      institution.id,
      [programme("710400", "bachelor", "ТФ", "Программалык инженерия")],
      meta,
    );
    expect(same).toEqual({ added: 0, changed: 0, unchanged: 1 });
    const audit = await listAudit(db, institution.id, { targetPrefix: "programme:bachelor:710400" });
    expect(audit[0]?.detail).toMatchObject({ nameKy: "Программалык инженерия", previous: { nameKy: "Программа 710400" } });
  });

  it("licences come back as the core's values", async () => {
    const p = (await loadProgrammes(db, institution.id)).find((x) => x.code === "710400") as { id: number };
    const lic = {
      programme: { code: "710400", level: "bachelor" as const },
      programmeId: p.id,
      unit: "Токмок ш. филиал",
      unitId: unitId.get("Токмок ш. филиал") as number,
      basis: "council" as const,
      state: "granted" as const,
      appliedOn: "2023-10-02",
      decidedOn: "2024-02-29",
      validUntil: null,
      number: "№ 15",
      year: null,
    };
    expect(await saveLicences(db, institution.id, [lic, lic], { ...meta, action: "licence.import" })).toEqual({
      added: 1,
      unchanged: 1,
    });
    const [stored] = await loadLicences(db, institution.id);
    expect(stored).toMatchObject({ unit: "Токмок ш. филиал", basis: "council", validUntil: null, decidedOn: "2024-02-29" });
  });
});

describe("accreditationRegistry", () => {
  const deps = () => ({ db, now: () => new Date("2026-11-23T06:00:00Z") });
  const actor = async (role: "dean" | "leader", unit?: string) => {
    const user = await upsertLocalUser(db, {
      institutionId: institution.id,
      telegramId: `${role}-${unit ?? "all"}`,
      role,
      scopeUnitId: unit ? (unitId.get(unit) as number) : null,
      firstName: "t",
    });
    return { access: await accessOf(db, user), institution };
  };

  it("judges on today where the institution is, the expiry day itself expired", async () => {
    const r = await accreditationRegistry(deps(), await actor("leader"), {});
    if (!r.ok) throw new Error(r.problem.code);
    expect(r.value.on).toBe("2026-11-23");
    expect(r.value.rows.map((x) => [x.programme.level, x.programme.code, x.status, x.daysLeft, x.current?.decisionDate])).toEqual(
      [
        ["secondary-vocational", "050709", "expired", 0, "2021-11-23"],
        ["master", "580500", "expiring", 17, "2021-12-10"],
        ["bachelor", "580500", "valid", 556, "2023-06-01"],
        ["bachelor", "710400", "never", null, undefined],
      ],
    );
    expect(r.value.counts).toEqual({ valid: 1, expiring: 1, expired: 1, never: 1 });
  });

  it("a dean sees his unit only, and is refused another", async () => {
    const dean = await actor("dean", "ИЭФ");
    const own = await accreditationRegistry(deps(), dean, {});
    if (!own.ok) throw new Error(own.problem.code);
    expect(own.value.rows.map((x) => x.programme.unit)).toEqual(["ИЭФ", "ИЭФ"]);
    expect(own.value.decisions.every((d) => d.programme?.code === "580500")).toBe(true);
    const other = await accreditationRegistry(deps(), dean, { unit: "ТФ" });
    expect(other.ok ? null : other.problem.code).toBe("denied");
  });

  it("filters by status and level, with counts over every state; bad options are problems", async () => {
    const leader = await actor("leader");
    const r = await accreditationRegistry(deps(), leader, {
      status: ["expiring", "expired"],
      level: "бакалавр",
      on: "01.06.2027",
    });
    if (!r.ok) throw new Error(r.problem.code);
    expect(r.value.rows.map((x) => [x.programme.code, x.status, x.daysLeft])).toEqual([["580500", "expiring", 366]]);
    expect(r.value.counts).toEqual({ valid: 0, expiring: 1, expired: 0, never: 1 });
    for (const [req, code] of [
      [{ within: "12 weeks" }, "accreditationBadWindow"],
      [{ on: "31.02.2026" }, "accreditationBadDay"],
      [{ level: "доктор" }, "accreditationBadLevel"],
      [{ status: ["soon"] }, "accreditationBadStatus"],
    ] as const) {
      const bad = await accreditationRegistry(deps(), leader, req as never);
      expect(bad.ok ? null : bad.problem.code).toBe(code);
    }
  });
});
