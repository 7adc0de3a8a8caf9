// Accreditation reminders on a real database: scheduling is idempotent (one job per
// accreditation and lead, the nearest passed lead only), a run sends one campaign to the
// leader and the deans above the programme's unit and never twice, a superseded decision
// sends nothing, the lead times are set through the CLI, and the weekly summary says what
// was sent to whom (nothing for a quiet week).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  REMINDER_CAMPAIGN_KIND,
  runAccreditationJob,
  scheduleAccreditationReminders,
} from "../../bot/app/accreditation/accreditation-reminders.ts";
import { scheduleSummary } from "../../bot/app/accreditation/accreditation-summary.ts";
import { runDueJobs } from "../../bot/app/delivery/jobs.ts";
import { decodeMessage } from "../../bot/app/delivery/message.ts";
import { translator } from "../../bot/present/i18n.ts";
import { renderMessage } from "../../bot/worker/render.ts";
import { createPrisma } from "../../prisma/client.ts";
import type { Institution } from "../../prisma/generated/client.ts";
import { listAudit } from "../../prisma/store/audit.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { resolveInstitution } from "../../prisma/store/institutions.ts";
import { cli, DATA, tempDatabaseUrl } from "../helpers.ts";
import { addDecisions, seedRegistry } from "../support/accreditation.ts";
import { bishkek } from "../support/requests.ts";

const tmp = tempDatabaseUrl();
let db: PrismaClient;
let institution: Institution;
const clock = { now: bishkek("2026-12-20 12:00") };
const deps = () => ({ db, now: () => clock.now });
let ids: Map<string, number>;

const ADMIN = "7400000001";
const DEAN_EF = "7400000002";
const DEAN_TF = "7400000003";
const LEADER_A = "7400000010";
const LEADER_C = "7400000012";

const reminders = () =>
  db.campaign.findMany({ where: { kind: REMINDER_CAMPAIGN_KIND }, include: { deliveries: true }, orderBy: { id: "asc" } });
const chatsOf = (c: { deliveries: { chatId: string }[] }) => c.deliveries.map((d) => d.chatId).sort();

beforeAll(async () => {
  expect((await cli(tmp.url, "import", "units", `${DATA}/kstu-units.csv`)).code).toBe(0);
  db = createPrisma(tmp.url);
  institution = await resolveInstitution(db);
  const ef = await db.unit.findFirstOrThrow({ where: { code: "ЭФ" } });
  const tf = await db.unit.findFirstOrThrow({ where: { code: "ТФ" } });
  const dept = await db.unit.create({
    data: { institutionId: institution.id, code: "ЭФ-1", kind: "department", parentId: ef.id },
  });
  await db.user.createMany({
    data: [
      { telegramId: ADMIN, role: "admin", scopeUnitId: null, firstName: "Сапат" },
      { telegramId: DEAN_EF, role: "dean", scopeUnitId: ef.id, firstName: "Декан ЭФ" },
      { telegramId: DEAN_TF, role: "dean", scopeUnitId: tf.id, firstName: "Декан ТФ" },
    ].map((u) => ({ ...u, institutionId: institution.id })),
  });
  expect(dept.parentId).toBe(ef.id);
  ids = await seedRegistry(
    db,
    institution,
    [
      // in a department of ЭФ: the dean of ЭФ is above it
      {
        code: "640100",
        unit: "ЭФ-1",
        nameKy: "Электр энергетикасы",
        nameRu: "Электроэнергетика",
        leader: LEADER_A,
        decided: "2022-06-15",
      },
      // no leader: the dean alone
      { code: "640200", unit: "ЭФ", decided: "2022-06-20" },
      { code: "740100", unit: "ТФ", leader: LEADER_C, decided: "2022-06-15" },
      // never accredited: nothing to remind of
      { code: "740200", unit: "ТФ" },
    ],
    clock.now,
  );
}, 60_000);

afterAll(async () => {
  await db?.$disconnect();
  tmp.cleanup();
});

describe("scheduling", () => {
  it("one job per accreditation and lead; of the passed leads only the nearest (6 months); again: nothing new", async () => {
    const first = await scheduleAccreditationReminders(deps(), institution.id);
    expect(first).toEqual({ scheduled: 9, kept: 0 });
    const keys = (await db.job.findMany({ where: { kind: "accreditation-lead" } })).map((j) => j.key).sort();
    const a = ids.get("640100");
    expect(keys).toContain(`accreditation:${a}:lead:6`);
    expect(keys).toContain(`accreditation:${a}:lead:3`);
    expect(keys).not.toContain(`accreditation:${a}:lead:12`);
    const six = await db.job.findUniqueOrThrow({ where: { key: `accreditation:${a}:lead:6` } });
    expect(six.dueAt).toEqual(clock.now);
    const three = await db.job.findUniqueOrThrow({ where: { key: `accreditation:${a}:lead:3` } });
    expect(three.dueAt).toEqual(bishkek("2027-03-15 09:00"));
    expect(await scheduleAccreditationReminders(deps(), institution.id)).toEqual({ scheduled: 0, kept: 9 });
  });
});

describe("a run", () => {
  it("sends one campaign per programme to its leader and the deans above its unit", async () => {
    const runs = await runDueJobs(deps(), "test");
    expect(runs.filter((r) => r.key.includes(":lead:6")).map((r) => r.result)).toEqual(["done", "done", "done"]);
    const sent = Object.fromEntries((await reminders()).map((c) => [c.idempotencyKey, chatsOf(c)]));
    expect(sent).toEqual({
      [`accreditation:${ids.get("640100")}:lead:6`]: [DEAN_EF, LEADER_A].sort(),
      [`accreditation:${ids.get("640200")}:lead:6`]: [DEAN_EF],
      [`accreditation:${ids.get("740100")}:lead:6`]: [DEAN_TF, LEADER_C].sort(),
    });
    const audit = await listAudit(db, institution.id);
    expect(audit.filter((l) => l.action === "accreditation.remind" && l.detail.result === "sent")).toHaveLength(3);
  });

  it("is worded for each recipient, the programme's own name in his language", async () => {
    const first = (await reminders()).find((c) => c.idempotencyKey?.startsWith(`accreditation:${ids.get("640100")}:`));
    const m = decodeMessage(first?.message ?? "");
    if (!m) throw new Error("no message");
    const ru = renderMessage(m, await translator("ru")).text;
    expect(ru).toBe(
      (await translator("ru"))("accreditationBot.message.reminder", {
        code: "640100",
        name: "Электроэнергетика",
        level: "бакалавриат",
        agency: "Агентство ААА",
        expires: "15.06.2027",
        count: 177,
        months: 5,
        lead: 6,
      }),
    );
    expect(renderMessage(m, await translator("ky")).text).toContain("«Электр энергетикасы»");
  });

  it("a job run again (a restart mid-run) sends nothing more", async () => {
    const job = await db.job.findUniqueOrThrow({ where: { key: `accreditation:${ids.get("640100")}:lead:6` } });
    const again = await runAccreditationJob(deps(), job, institution);
    expect(again).toEqual({ ok: true, value: "sent" });
    expect(await reminders()).toHaveLength(3);
    clock.now = bishkek("2026-12-30 12:00");
    await scheduleAccreditationReminders(deps(), institution.id);
    // only the weekly summary of Monday 21.12 comes due: no reminder again
    expect((await runDueJobs(deps(), "test")).map((r) => r.key)).toEqual([`accreditation-summary:${institution.id}:2026-12-21`]);
    expect(await reminders()).toHaveLength(3);
  });

  it("a decision superseded by a newer one sends nothing; the newer one has its own reminders", async () => {
    await addDecisions(db, institution, [{ code: "740100", unit: "ТФ", decided: "2027-01-10" }], clock.now);
    expect((await scheduleAccreditationReminders(deps(), institution.id)).scheduled).toBe(4);
    clock.now = bishkek("2027-03-15 09:00");
    const runs = await runDueJobs(deps(), "test");
    // 640100 and the superseded 740100 decision come due (640200's is on 20.03)
    expect(runs.filter((r) => r.key.includes(":lead:3")).map((r) => r.result)).toEqual(["done", "done"]);
    const sent = await reminders();
    expect(sent.slice(3).map(chatsOf)).toEqual([[DEAN_EF, LEADER_A].sort()]);
    const audit = await listAudit(db, institution.id);
    expect(
      audit.filter((l) => l.target === `accreditation:${ids.get("740100")}` && l.detail.result === "superseded"),
    ).toHaveLength(1);
  });
});

describe("the weekly summary", () => {
  it("lists the week's reminders and who got them, to the admins; a quiet week sends nothing", async () => {
    // the summary of Monday 21.12 (run on 30.12 above) covers 14.12–20.12: the three 6-month reminders
    const summaries = await db.campaign.findMany({ where: { kind: "accreditation-summary" }, include: { deliveries: true } });
    expect(summaries.map(chatsOf)).toEqual([[ADMIN]]);
    const m = decodeMessage(summaries[0]?.message ?? "");
    if (!m) throw new Error("no message");
    const text = renderMessage(m, await translator("ru")).text;
    expect(text).toContain("14.12.2026–21.12.2026: 3");
    expect(text).toContain("• 640100 «Электроэнергетика», 6 → ⏳ Декан ЭФ, ⏳ Лидер 640100");
    expect(text).toContain("• 640200 «Программа 640200», 6 → ⏳ Декан ЭФ");
    expect(text).toContain("• 740100 «Программа 740100», 6 → ⏳ Декан ТФ, ⏳ Лидер 740100");
    expect(text).not.toContain(", 3 →");
    // Monday 28.12 covers 21.12–27.12, when nothing was sent: no message
    clock.now = bishkek("2027-03-16 10:00");
    await db.job.create({
      data: {
        key: `accreditation-summary:${institution.id}:2026-12-28`,
        kind: "accreditation-summary",
        institutionId: institution.id,
        payload: JSON.stringify({ monday: "2026-12-28" }),
        dueAt: clock.now,
      },
    });
    const runs = await runDueJobs(deps(), "test");
    expect(runs.find((r) => r.key.endsWith(":2026-12-28"))?.result).toBe("done");
    expect(await db.campaign.count({ where: { kind: "accreditation-summary" } })).toBe(1);
    // the next one is scheduled once, for Monday 22.03
    await scheduleSummary(deps(), institution);
    await scheduleSummary(deps(), institution);
    expect(await db.job.count({ where: { key: `accreditation-summary:${institution.id}:2027-03-22` } })).toBe(1);
  });
});

describe("sapat accreditation reminders", () => {
  it("shows the default lead times, refuses a bad one naming it, sets and lists them", async () => {
    const shown = await cli(tmp.url, "accreditation", "reminders", "--lang", "en");
    expect(shown.code).toBe(0);
    expect(shown.out).toContain("Reminder lead times: 12, 6, 3, 1 months before expiry (the default).");
    const bad = await cli(tmp.url, "accreditation", "reminders", "--leads", "12,x", "--lang", "en");
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("“x” is not a lead time");
    expect(bad.out).toBe("");
    const set = await cli(tmp.url, "accreditation", "reminders", "--leads", "6,2", "--json");
    expect(set.code).toBe(0);
    const plan = JSON.parse(set.out);
    expect(plan.leads).toEqual([6, 2]);
    expect(plan.isDefault).toBe(false);
    expect((await listAudit(db, institution.id)).some((l) => l.action === "accreditation.leads")).toBe(true);
  });
});
