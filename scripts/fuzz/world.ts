// The database the fuzz runs against: the demo (with its action plan and registry), a
// launched survey, a second institution with units, a plan and a survey of its own (whose
// ids forged presses borrow), and the people who write to the bot: every role, a revoked
// dean, strangers, and the second institution's admin and dean.
import path from "node:path";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import { importFile } from "../../bot/app/imports/import-file.ts";
import type { LocalUser } from "../../bot/local-api/index.ts";
import { DEFAULT_REMINDERS, type Role } from "../../core/index.ts";
import type { Institution } from "../../prisma/generated/client.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { resolveInstitution } from "../../prisma/store/institutions.ts";
import { insertSurvey, markClosed, markLaunched } from "../../prisma/store/surveys.ts";
import { upsertLocalUser } from "../../prisma/store/users.ts";
import { sampleSurvey } from "../../tests/support/survey-responses.ts";

export interface FuzzUser extends LocalUser {
  /** null: a stranger (no account) */
  role: Role | null;
  unit: string | null;
  institution: "KSTU" | "OTHER";
  revoked?: boolean;
}

export interface Ids {
  units: number[];
  surveys: number[];
  plans: number[];
  items: number[];
}

export interface World {
  db: PrismaClient;
  institution: Institution;
  users: FuzzUser[];
  /** the KSTU survey `sapat survey responses` imports into */
  surveyId: number;
  /** ids of rows of the other institution: forged presses carry them */
  foreign: Ids;
  /** ids of KSTU's own rows, for presses outside a user's scope */
  own: Ids;
}

const OTHER_UNITS = path.resolve(import.meta.dirname, "../../data/kstu/kstu-units.csv");

const PEOPLE: [Role | null, string | null, FuzzUser["institution"], string | undefined][] = [
  ["admin", null, "KSTU", "ky"],
  ["admin", null, "KSTU", "en"],
  ["leader", null, "KSTU", "ru"],
  ["dean", "МТФ", "KSTU", "ky"],
  ["dean", "ЭФ", "KSTU", "ru"],
  ["dean", "Токмок ш. филиал", "KSTU", "en"],
  ["head", "ЭФ-ЭС", "KSTU", "ky"],
  ["head", "ТФ", "KSTU", "de"],
  ["student", "ЭФ", "KSTU", "ky"],
  ["student", "МТФ", "KSTU", undefined],
  ["dean", "ЭТИ", "KSTU", "ru"],
  [null, null, "KSTU", "ky"],
  [null, null, "KSTU", "en"],
  ["admin", null, "OTHER", "ru"],
  ["dean", "ЭФ", "OTHER", "ky"],
];

export async function buildWorld(databaseUrl: string): Promise<World> {
  const { db, institution } = await buildDemo(databaseUrl, { plans: true });
  const surveyId = await sampleSurvey(db, institution.id, { closed: false });
  const other = await resolveInstitution(db, "OTHER", "Another university");
  const units = await importFile(db, { kind: "units", file: OTHER_UNITS, institutionId: other.id, enteredBy: "fuzz" });
  if (units.status !== "written") throw new Error("the second institution's units were refused");
  // the other institution's survey, launched and closed (its tokens would clash with the sample's)
  const at = new Date("2026-09-01T04:00:00Z");
  const otherSurvey = await insertSurvey(db, {
    institutionId: other.id,
    titles: { ky: "Башка", ru: "Другой", en: "Other" },
    formUrl: "https://forms.example/other",
    tokenField: null,
    audienceJson: JSON.stringify({ roles: ["student"] }),
    opensAt: at,
    closesAt: new Date("2026-09-16T00:00:00Z"),
    createdBy: "fuzz",
    creatorChatId: null,
    reminders: DEFAULT_REMINDERS,
    at,
  });
  await markLaunched(db, otherSurvey.id, at);
  await markClosed(db, otherSurvey.id, new Date("2026-09-16T00:00:00Z"));
  const otherPlan = await db.actionPlan.create({
    data: {
      institutionId: other.id,
      title: "Other plan",
      kind: "resolution",
      controllerText: "rector",
      createdBy: "fuzz",
      year: "2026-2027",
      items: {
        create: [
          {
            number: "1",
            text: "x",
            responsibleText: "all",
            responsible: "[]",
            deadlineText: "30.09.2026",
            stages: { create: [{ position: 1, dueOn: "2026-09-30" }] },
          },
        ],
      },
    },
  });
  const unitId = async (inst: number, code: string) =>
    (await db.unit.findFirstOrThrow({ where: { institutionId: inst, code } })).id;
  const users: FuzzUser[] = [];
  for (const [i, [role, unit, inst, languageCode]] of PEOPLE.entries()) {
    const user: FuzzUser = { id: 7_000_000 + i, firstName: `F${i}`, role, unit, institution: inst };
    if (languageCode) user.languageCode = languageCode;
    const institutionId = inst === "KSTU" ? institution.id : other.id;
    if (role)
      await upsertLocalUser(db, {
        institutionId,
        telegramId: String(user.id),
        role,
        scopeUnitId: unit ? await unitId(institutionId, unit) : null,
        firstName: user.firstName ?? "",
      });
    users.push(user);
  }
  // a dean whose access was taken away
  const revoked: FuzzUser = { id: 7_000_100, firstName: "Revoked", role: "dean", unit: "ЭФ", institution: "KSTU", revoked: true };
  await upsertLocalUser(db, {
    institutionId: institution.id,
    telegramId: String(revoked.id),
    role: "dean",
    scopeUnitId: await unitId(institution.id, "ЭФ"),
    firstName: "Revoked",
  });
  await db.user.update({ where: { telegramId: String(revoked.id) }, data: { revokedAt: new Date(), revokedBy: "fuzz" } });
  users.push(revoked);
  const ids = async (inst: number): Promise<Ids> => ({
    units: (await db.unit.findMany({ where: { institutionId: inst }, select: { id: true } })).map((u) => u.id),
    surveys: (await db.survey.findMany({ where: { institutionId: inst }, select: { id: true } })).map((s) => s.id),
    plans: (await db.actionPlan.findMany({ where: { institutionId: inst }, select: { id: true } })).map((p) => p.id),
    items: (await db.actionItem.findMany({ where: { plan: { institutionId: inst } }, select: { id: true } })).map((i) => i.id),
  });
  const foreign = await ids(other.id);
  if (!foreign.plans.includes(otherPlan.id)) throw new Error("the other plan is missing");
  return { db, institution, users, surveyId, foreign, own: await ids(institution.id) };
}
