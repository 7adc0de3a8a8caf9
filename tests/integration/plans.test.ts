// Action plans on a real database with a set clock: a file's bad lines named and nothing
// written, "every department of ЭФ" fanned out to one item per department, items due within
// 30 days on 1 June, reminders to those responsible, the overdue digest reaching the
// controller and the quality department once a day, plansFromRecommendations, the CLI's JSON.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identify } from "../../bot/app/access/identify.ts";
import { runDueJobs } from "../../bot/app/delivery/jobs.ts";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import { importPlanFile, plansFromRecommendations } from "../../bot/app/plans/create-plan.ts";
import { markItemDone } from "../../bot/app/plans/plan-actions.ts";
import { itemsInReach, plansInReach } from "../../bot/app/plans/plan-lists.ts";
import type { PlanActor } from "../../bot/app/plans/plan-people.ts";
import type { Institution } from "../../prisma/generated/client.ts";
import { listAudit } from "../../prisma/store/audit.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { cli, tempDir } from "../helpers.ts";
import { testDatabaseUrl } from "../support/database.ts";
import { ADMIN, bishkek, DEAN_EF, DEAN_TF, facultyWithDepartments, head } from "../support/requests.ts";

let db: PrismaClient;
let institution: Institution;
const tmp = tempDir("sapat-plans-");
const url = testDatabaseUrl(tmp.dir, "p");
const clock = { now: bishkek("2026-05-20 12:00") };
const deps = () => ({ db, now: () => clock.now });
const LEADER = "7300000009";

async function actor(telegramId: string): Promise<PlanActor> {
  const who = await identify(db, telegramId);
  if (!who.access) throw new Error(`no user ${telegramId}`);
  return { access: who.access, institutionId: institution.id, telegramId, chatId: telegramId, actor: telegramId };
}

const csv = (lines: string[]) => new TextEncoder().encode(["item,text,responsible,controller,deadline", ...lines].join("\n"));

async function recipientsOf(key: string): Promise<string[]> {
  const c = await db.campaign.findUnique({ where: { idempotencyKey: key }, include: { deliveries: true } });
  return c ? c.deliveries.map((d) => d.chatId).sort() : [];
}

beforeAll(async () => {
  ({ db, institution } = await buildDemo(url));
  await facultyWithDepartments(db, institution, 3);
  await db.user.create({ data: { institutionId: institution.id, telegramId: LEADER, role: "leader", firstName: "Проректор" } });
});
afterAll(async () => {
  await db.$disconnect();
  tmp.cleanup();
});

describe("a plan from a file", () => {
  it("names every line that cannot be read, and writes nothing", async () => {
    const before = await db.actionItem.count();
    const r = await importPlanFile(
      deps(),
      await actor(ADMIN),
      csv([
        "1,Good item,декан ЭФ,@nobody_here,30.06.2026",
        "2,Bad deadline,декан ЭФ,,soon",
        "3,Unknown unit,декан ЭХ,,30.06.2026",
        "4,,декан ЭФ,,30.06.2026",
      ]),
      { title: "Broken", year: "2025-2026", controller: LEADER },
      true,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.line, i.code])).toEqual([
      [3, "planBadDeadline"],
      [4, "unknownUnitClosest"],
      [5, "planNoText"],
    ]);
    expect(await db.actionItem.count()).toBe(before);
    const refused = await listAudit(db, institution.id, { targetPrefix: "plan:new" });
    expect(refused[0]).toMatchObject({ outcome: "refused", reason: "planBadDeadline" });
  });

  it("a dean may not plan for another faculty", async () => {
    const r = await importPlanFile(
      deps(),
      await actor(DEAN_TF),
      csv(["1,X,все кафедры ЭФ,,30.06.2026"]),
      { title: "T", controller: DEAN_TF },
      true,
    );
    expect(r.ok ? null : r.issues[0]?.code).toBe("planOutsideScope");
  });

  let planId = 0;
  it("fans out an item for every department of ЭФ; without --yes nothing is written", async () => {
    const file = csv([
      "1,Self-assessment of the programmes,все кафедры ЭФ,,30.06.2026",
      '2,Audit schedule and final report,декан ЭФ,,"schedule by 25.05.2026; final report by 10.06.2026"',
      "3,Survey of employers,отдел качества,,10.07.2026",
    ]);
    const header = { title: "Council resolution No 5", year: "2025-2026", controller: LEADER };
    const preview = await importPlanFile(deps(), await actor(ADMIN), file, header, false);
    expect(preview.ok && !preview.value.written).toBe(true);
    expect(await db.actionPlan.count({ where: { title: header.title } })).toBe(0);
    const r = await importPlanFile(deps(), await actor(ADMIN), file, header, true);
    if (!r.ok || !r.value.written) throw new Error(JSON.stringify(r));
    planId = r.value.plan.id;
    expect(r.value.items.map((i) => [i.number, i.unit])).toEqual([
      ["1.1", "ЭФ-1"],
      ["1.2", "ЭФ-2"],
      ["1.3", "ЭФ-3"],
      ["2", null],
      ["3", null],
    ]);
    expect(r.value.items[3]?.stages.map((s) => s.due)).toEqual(["2026-05-25", "2026-06-10"]);
    const jobs = await db.job.findMany({ where: { key: { startsWith: `plan:${planId}:` } } });
    expect(jobs.some((j) => j.kind === "plan-overdue")).toBe(true);
  });

  it("on 1 June the items due within 30 days are listed; the dean of ЭФ sees his, a head his own", async () => {
    const all = await itemsInReach(deps(), await actor(ADMIN), { planId, on: "2026-06-01", dueWithinDays: 30 });
    // item 2's first stage (25.05) was missed: it is overdue, not "due soon"
    expect(all.ok && all.value.items.map((s) => s.item.number)).toEqual(["1.1", "1.2", "1.3"]);
    const late = await itemsInReach(deps(), await actor(DEAN_EF), { planId, on: "2026-06-01", overdue: true });
    expect(late.ok && late.value.items.map((s) => s.item.number)).toEqual(["2"]);
    const mine = await itemsInReach(deps(), await actor(head(2)), { planId: null, on: "2026-06-01" });
    expect(mine.ok && mine.value.items.map((s) => s.item.number)).toEqual(["1.2"]);
    const tf = await plansInReach(deps(), await actor(DEAN_TF));
    expect(tf.ok && tf.value.plans).toEqual([]);
  });

  it("marking done needs evidence and the right person; a stage is done on its own", async () => {
    clock.now = bishkek("2026-06-01 10:00");
    const item = await db.actionItem.findFirst({ where: { planId, number: "2" } });
    const id = item?.id as number;
    expect(await markItemDone(deps(), await actor(head(1)), id, 1, { note: "done" })).toMatchObject({
      ok: false,
      problem: { code: "planItemNotFound" },
    });
    expect(await markItemDone(deps(), await actor(DEAN_EF), id, 1, {})).toMatchObject({
      ok: false,
      problem: { code: "planNoEvidence" },
    });
    const r = await markItemDone(deps(), await actor(DEAN_EF), id, 1, { note: "https://example.org/schedule.pdf" });
    expect(r.ok && [r.value.status, r.value.stages.map((s) => s.done), r.value.evidence.link]).toEqual([
      "open",
      [true, false],
      "https://example.org/schedule.pdf",
    ]);
    const written = await listAudit(db, institution.id, { targetPrefix: `plan:${planId}:item:${id}` });
    expect(written[0]).toMatchObject({ action: "plan.done", outcome: "written" });
  });

  it("the morning after a missed deadline the controller and the quality department get one digest each, once", async () => {
    clock.now = bishkek("2026-06-11 09:10");
    await runDueJobs(deps(), "w1");
    clock.now = bishkek("2026-06-11 12:00");
    await runDueJobs(deps(), "w2");
    const key = `plan-overdue:${institution.id}:2026-06-11`;
    expect(await recipientsOf(`${key}:${LEADER}`)).toEqual([LEADER]);
    expect(await recipientsOf(`${key}:admins`)).toEqual([ADMIN]);
    const c = await db.campaign.findUnique({ where: { idempotencyKey: `${key}:${LEADER}` } });
    expect(JSON.parse(c?.message ?? "{}")).toMatchObject({ key: "plans.message.overdue", params: { count: 1 } });
    expect(await db.campaign.count({ where: { idempotencyKey: { startsWith: key } } })).toBe(2);
  });
  it("a lead reminder goes to the head of the department, once however often the scheduler runs", async () => {
    clock.now = bishkek("2026-06-23 09:05");
    await runDueJobs(deps(), "w1");
    await runDueJobs(deps(), "w2");
    const item = await db.actionItem.findFirst({ where: { planId, number: "1.1" } });
    expect(await recipientsOf(`plan:${planId}:item:${item?.id}:s1:lead-7d`)).toEqual([head(1)]);
    expect(await db.campaign.count({ where: { idempotencyKey: `plan:${planId}:item:${item?.id}:s1:lead-7d` } })).toBe(1);
  });
});

describe("plansFromRecommendations", () => {
  it("makes one item per recommendation", async () => {
    const r = await plansFromRecommendations(deps(), await actor(ADMIN), {
      title: "External review follow-up",
      controller: LEADER,
      deadline: "30.09.2026",
      year: "2026-2027",
      recommendations: [
        { standard: "Standard 2", text: "Involve employers in programme design" },
        { standard: "Standard 4", text: "Publish the survey results" },
      ],
    });
    expect(r.ok && r.value.items.map((i) => [i.number, i.text])).toEqual([
      ["1", "Standard 2: Involve employers in programme design"],
      ["2", "Standard 4: Publish the survey results"],
    ]);
    expect(r.ok && r.value.plan.kind).toBe("review");
    const bad = await plansFromRecommendations(deps(), await actor(ADMIN), {
      title: "x",
      controller: LEADER,
      deadline: "whenever",
      recommendations: [{ standard: "1", text: "t" }],
    });
    expect(bad).toMatchObject({ ok: false, problem: { code: "planBadDeadline", params: { line: 1 } } });
  });
});

describe("sapat plan", () => {
  it("import shows first (exit 2), --yes writes; items --json; a bad file names its line", async () => {
    const file = path.join(tmp.dir, "plan.csv");
    writeFileSync(file, "item,text,responsible,deadline\n1,Review syllabi,every department of ЭФ,30.12.2099\n");
    const preview = await cli(url, "--lang", "en", "plan", "import", file, "--controller", "Vice-rector", "--year", "2099-2100");
    expect(preview.code, preview.err).toBe(2);
    const done = await cli(
      url,
      "--lang",
      "en",
      "plan",
      "import",
      file,
      "--controller",
      "Vice-rector",
      "--year",
      "2099-2100",
      "--yes",
      "--json",
    );
    expect(done.code, done.err).toBe(0);
    const id = JSON.parse(done.out).planId as number;
    const items = await cli(url, "plan", "items", String(id), "--json", "--on", "2099-12-01", "--due-within", "30d");
    expect(JSON.parse(items.out).map((i: { number: string; state: string }) => [i.number, i.state])).toEqual([
      ["1.1", "open"],
      ["1.2", "open"],
      ["1.3", "open"],
    ]);
    writeFileSync(file, "item,text,responsible,deadline\n1,Review syllabi,every department of ЭФ,31.02.2099\n");
    const bad = await cli(url, "--lang", "en", "plan", "import", file, "--controller", "Vice-rector", "--yes");
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("line 2:");
    const none = await cli(url, "--lang", "en", "plan", "items");
    expect(none.code).toBe(1);
  });
});
