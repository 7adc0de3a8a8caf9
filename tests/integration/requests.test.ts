// Data requests on a real database, with a set clock: who may ask what of whom, the request
// to every department of a unit, the board read from the figures, lead reminders only to
// those who have not submitted and once each, the overdue lists, remind now, closing.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identify } from "../../bot/app/access/identify.ts";
import { runDueJobs } from "../../bot/app/delivery/jobs.ts";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import { closeRequest } from "../../bot/app/requests/close-request.ts";
import { confirmRequest, createRequest, draftRequest } from "../../bot/app/requests/create-request.ts";
import { previewReminder, remindNow } from "../../bot/app/requests/remind-request.ts";
import { requestBoard, requestList } from "../../bot/app/requests/request-board.ts";
import type { Requester } from "../../bot/app/requests/requester.ts";
import type { Institution } from "../../prisma/generated/client.ts";
import { listAudit } from "../../prisma/store/audit.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { tempDir } from "../helpers.ts";
import { testDatabaseUrl } from "../support/database.ts";
import {
  ADMIN,
  bishkek,
  DEAN_EF,
  DEAN_TF,
  type Faculty,
  facultyWithDepartments,
  head,
  submitPractice,
} from "../support/requests.ts";

let db: PrismaClient;
let institution: Institution;
let f: Faculty;
const tmp = tempDir("sapat-requests-");
const clock = { now: bishkek("2026-09-10 12:00") };
const deps = () => ({ db, now: () => clock.now });

async function requester(telegramId: string): Promise<Requester> {
  const who = await identify(db, telegramId);
  if (!who.access) throw new Error(`no user ${telegramId}`);
  return { access: who.access, institutionId: institution.id, telegramId, chatId: telegramId, actor: telegramId };
}

/** Who a campaign went to (Telegram ids), by its idempotency key. */
async function recipientsOf(key: string): Promise<string[]> {
  const c = await db.campaign.findUnique({ where: { idempotencyKey: key }, include: { deliveries: true } });
  return c ? c.deliveries.map((d) => d.chatId).sort() : [];
}

beforeAll(async () => {
  ({ db, institution } = await buildDemo(testDatabaseUrl(tmp.dir, "r")));
  f = await facultyWithDepartments(db, institution, 5);
});
afterAll(async () => {
  await db.$disconnect();
  tmp.cleanup();
});

describe("who may ask what of whom", () => {
  const input = { subject: "practice" as const, year: "2025-2026", from: ["ЭФ"], deadline: "25.09.2026" };

  it("a dean is refused another faculty, a head is refused outright; nothing is written, the refusal is audited", async () => {
    const before = await db.dataRequest.count();
    const r = await createRequest(deps(), await requester(DEAN_TF), input);
    expect(r).toMatchObject({ ok: false, problem: { code: "requestOutsideScope", params: { unit: "ЭФ", scope: "ТФ" } } });
    const h = await createRequest(deps(), await requester(head(1)), input);
    expect(h).toMatchObject({ ok: false, problem: { code: "requestForbidden" } });
    expect(await db.dataRequest.count()).toBe(before);
    const audit = await listAudit(db, institution.id, { targetPrefix: "request:new" });
    expect(audit.map((a) => [a.actor, a.outcome, a.reason])).toEqual([
      [head(1), "refused", "requestForbidden"],
      [DEAN_TF, "refused", "requestOutsideScope"],
    ]);
  });

  it("wrong values are said back: a past or impossible deadline, a bad year, lead times, unknown units", async () => {
    const admin = await requester(ADMIN);
    const code = async (over: Record<string, unknown>) => {
      const r = await draftRequest(deps(), admin, { ...input, ...over });
      return r.ok ? "ok" : `${r.problem.code} ${JSON.stringify(r.problem.params)}`;
    };
    expect(await code({ deadline: "09.09.2026" })).toBe('requestDeadlinePast {"deadline":"09.09.2026"}');
    expect(await code({ deadline: "31.09.2026" })).toBe('requestBadDeadline {"value":"31.09.2026"}');
    expect(await code({ year: "2025-2027" })).toBe('requestBadYear {"value":"2025-2027"}');
    expect(await code({ leadDays: [7, 90] })).toBe('requestBadLead {"value":"90","max":60}');
    expect(await code({ from: ["ЭФФ"] })).toMatch(/^unknownUnit/);
    expect(await code({ subject: "session" })).toBe("requestNoPeriod {}");
    expect(await db.dataRequest.count({ where: { status: { not: "draft" } } })).toBe(0);
  });
});

describe("a request to every department of ЭФ", () => {
  let id: number;

  beforeAll(async () => {
    const r = await createRequest(deps(), await requester(DEAN_EF), {
      subject: "practice",
      year: "2025-2026",
      from: ["ЭФ"],
      deadline: "25.09.2026",
    });
    if (!r.ok) throw new Error(r.problem.code);
    id = r.value.request.id;
  });

  it("asks every department, and each registered head gets it now with the entry button", async () => {
    const board = await requestBoard(deps(), await requester(DEAN_EF), id);
    if (!board.ok) throw new Error(board.problem.code);
    expect(board.value.rows.map((r) => r.unit)).toEqual(f.departments);
    expect(board.value.counts).toEqual({ total: 5, submitted: 0, pending: 5, overdue: 0 });
    expect(board.value.withoutHead).toBe(1);
    expect(await recipientsOf(`request:${id}:notice`)).toEqual([head(1), head(2), head(3), head(4)]);
    const campaign = await db.campaign.findUniqueOrThrow({ where: { idempotencyKey: `request:${id}:notice` } });
    expect(campaign.category).toBe("requests");
    expect(JSON.parse(campaign.message).buttons).toEqual([
      [{ label: { key: "requests.message.enter" }, data: "entry:practice:2025-2026" }],
    ]);
    const keys = (await db.job.findMany({ where: { key: { startsWith: `request:${id}:` } }, orderBy: { dueAt: "asc" } })).map(
      (j) => [j.key, j.dueAt.toISOString()],
    );
    expect(keys).toEqual([
      [`request:${id}:notice`, bishkek("2026-09-10 12:01").toISOString()],
      [`request:${id}:lead-7d`, bishkek("2026-09-18 09:00").toISOString()],
      [`request:${id}:lead-3d`, bishkek("2026-09-22 09:00").toISOString()],
      [`request:${id}:lead-1d`, bishkek("2026-09-24 09:00").toISOString()],
      [`request:${id}:overdue`, bishkek("2026-09-26 09:00").toISOString()],
    ]);
  });

  it("the notice job a minute later sends nothing new (the request went out already)", async () => {
    clock.now = bishkek("2026-09-10 12:02");
    const runs = await runDueJobs(deps(), "w1");
    expect(runs).toContainEqual({ key: `request:${id}:notice`, result: "done" });
    expect(await db.campaign.count({ where: { idempotencyKey: { startsWith: `request:${id}:` } } })).toBe(1);
  });

  it("the board reads the figures: complete kinds count, half a submission does not", async () => {
    await submitPractice(db, institution, f, "ЭФ-1", "2025-2026", bishkek("2026-09-15 10:00"));
    await submitPractice(db, institution, f, "ЭФ-2", "2025-2026", bishkek("2026-09-15 10:00"), ["production"]);
    await submitPractice(db, institution, f, "ЭФ-3", "2024-2025", bishkek("2026-09-15 10:00"));
    const board = await requestBoard(deps(), await requester(DEAN_EF), id);
    if (!board.ok) throw new Error(board.problem.code);
    expect(board.value.rows.map((r) => [r.unit, r.state])).toEqual([
      ["ЭФ-2", "pending"],
      ["ЭФ-3", "pending"],
      ["ЭФ-4", "pending"],
      ["ЭФ-5", "pending"],
      ["ЭФ-1", "submitted"],
    ]);
  });

  it("a lead reminder goes only to those who have not submitted, once however often the scheduler runs", async () => {
    clock.now = bishkek("2026-09-18 09:00");
    expect(await runDueJobs(deps(), "w1")).toEqual([{ key: `request:${id}:lead-7d`, result: "done" }]);
    expect(await runDueJobs(deps(), "w2")).toEqual([]);
    expect(await recipientsOf(`request:${id}:lead-7d`)).toEqual([head(2), head(3), head(4)]);
    const message = JSON.parse(
      (await db.campaign.findUniqueOrThrow({ where: { idempotencyKey: `request:${id}:lead-7d` } })).message,
    );
    expect(message).toMatchObject({ key: "requests.message.reminder.practice", params: { count: 7, deadline: "25.09.2026" } });
  });

  it("a worker down for days sends the nearest reminder only, in the morning", async () => {
    await submitPractice(db, institution, f, "ЭФ-2", "2025-2026", bishkek("2026-09-23 10:00"));
    clock.now = bishkek("2026-09-24 23:30");
    expect(await runDueJobs(deps(), "w1")).toEqual([
      { key: `request:${id}:lead-3d`, result: "deferred" },
      { key: `request:${id}:lead-1d`, result: "deferred" },
    ]);
    clock.now = bishkek("2026-09-25 08:00");
    expect(await runDueJobs(deps(), "w1")).toHaveLength(2);
    expect(await recipientsOf(`request:${id}:lead-3d`)).toEqual([]);
    expect(await recipientsOf(`request:${id}:lead-1d`)).toEqual([head(3), head(4)]);
    const message = JSON.parse(
      (await db.campaign.findUniqueOrThrow({ where: { idempotencyKey: `request:${id}:lead-1d` } })).message,
    );
    expect(message.key).toBe("requests.message.reminderToday.practice");
  });

  it("after the deadline the dean (the requester here) gets the overdue list once", async () => {
    clock.now = bishkek("2026-09-26 09:00");
    expect(await runDueJobs(deps(), "w1")).toEqual([{ key: `request:${id}:overdue`, result: "done" }]);
    expect(await recipientsOf(`request:${id}:overdue`)).toEqual([DEAN_EF]);
    const c = await db.campaign.findMany({ where: { idempotencyKey: { startsWith: `request:${id}:overdue` } } });
    expect(c).toHaveLength(1);
    expect(JSON.parse(c[0]?.message ?? "{}").params).toMatchObject({ count: 3, total: 5, units: "ЭФ-3, ЭФ-4, ЭФ-5" });
    const board = await requestBoard(deps(), await requester(DEAN_EF), id);
    expect(board.ok && board.value.counts).toEqual({ total: 5, submitted: 2, pending: 0, overdue: 3 });
  });

  it("remind now: counted first, sent to those not submitted, a second press with the same nonce sends nothing new", async () => {
    const dean = await requester(DEAN_EF);
    expect(await previewReminder(deps(), dean, id)).toEqual({
      ok: true,
      value: { recipients: 2, unreachable: 0, units: 3, withoutHead: 1 },
    });
    const first = await remindNow(deps(), dean, id, "abc");
    const again = await remindNow(deps(), dean, id, "abc");
    expect(first.ok && first.value.created).toBe(true);
    expect(again.ok && again.value.created).toBe(false);
    expect(await recipientsOf(`request:${id}:now:abc`)).toEqual([head(3), head(4)]);
    const message = JSON.parse(
      (await db.campaign.findUniqueOrThrow({ where: { idempotencyKey: `request:${id}:now:abc` } })).message,
    );
    expect(message.key).toBe("requests.message.reminderLate.practice");
    expect(await remindNow(deps(), await requester(DEAN_TF), id, "x")).toMatchObject({
      ok: false,
      problem: { code: "requestNotFound" },
    });
  });

  it("closing stops it: no reminders, the board says closed, remind is refused", async () => {
    const dean = await requester(DEAN_EF);
    expect(await closeRequest(deps(), await requester(DEAN_TF), id)).toMatchObject({ ok: false });
    const closed = await closeRequest(deps(), dean, id);
    expect(closed.ok && closed.value.status).toBe("closed");
    expect(await closeRequest(deps(), dean, id)).toMatchObject({ ok: false, problem: { code: "requestClosed" } });
    expect(await remindNow(deps(), dean, id, "def")).toMatchObject({ ok: false, problem: { code: "requestClosed" } });
    const actions = (await listAudit(db, institution.id, { targetPrefix: `request:${id}` })).map((a) => [
      a.action,
      a.actor,
      a.outcome,
      a.reason,
    ]);
    expect(actions).toEqual([
      ["request.remind", DEAN_EF, "refused", "requestClosed"],
      ["request.close", DEAN_EF, "refused", "requestClosed"],
      ["request.close", DEAN_EF, "written", null],
      ["request.close", DEAN_TF, "refused", "requestNotFound"],
      ["request.remind", DEAN_TF, "refused", "requestNotFound"],
      ["request.remind", DEAN_EF, "written", null],
      ["request.remind", "scheduler", "written", null],
      ["request.remind", "scheduler", "written", null],
      ["request.create", DEAN_EF, "written", null],
    ]);
  });
});

describe("the overdue list goes to the deans of the overdue units and to the requester", () => {
  it("the quality department asked every department of the institution: ЭФ's dean gets ЭФ's, the admin all", async () => {
    clock.now = bishkek("2026-10-01 10:00");
    const admin = await requester(ADMIN);
    const r = await createRequest(deps(), admin, {
      subject: "practice",
      year: "2026-2027",
      kinds: ["pre-diploma"],
      deadline: "2026-10-02",
      leadDays: [0],
    });
    if (!r.ok) throw new Error(r.problem.code);
    const { id } = r.value.request;
    const units = r.value.request.units;
    // ЭФ answers through its departments, the faculties without departments themselves
    expect(units.filter((u) => u.startsWith("ЭФ"))).toEqual(f.departments);
    expect(units).toEqual(expect.arrayContaining(["МТФ", "ТФ", "Токмок ш. филиал"]));
    expect(
      JSON.parse((await db.campaign.findUniqueOrThrow({ where: { idempotencyKey: `request:${id}:notice` } })).message)
        .buttons[0][0].data,
    ).toBe("entry:practice:2026-2027:pre-diploma");
    await submitPractice(db, institution, f, "ЭФ-1", "2026-2027", bishkek("2026-10-01 11:00"), ["pre-diploma"]);
    clock.now = bishkek("2026-10-03 09:00");
    await runDueJobs(deps(), "w1");
    expect(await recipientsOf(`request:${id}:overdue`)).toEqual([ADMIN]);
    expect(await recipientsOf(`request:${id}:overdue:${DEAN_EF}`)).toEqual([DEAN_EF]);
    expect(await recipientsOf(`request:${id}:overdue:${DEAN_TF}`)).toEqual([DEAN_TF]);
    const efList = await db.campaign.findUniqueOrThrow({ where: { idempotencyKey: `request:${id}:overdue:${DEAN_EF}` } });
    expect(JSON.parse(efList.message).params.units).toBe("ЭФ-2, ЭФ-3, ЭФ-4, ЭФ-5");
    const tfList = await db.campaign.findUniqueOrThrow({ where: { idempotencyKey: `request:${id}:overdue:${DEAN_TF}` } });
    expect(JSON.parse(tfList.message).params.units).toBe("ТФ");
  });

  it("lists: the admin sees every request, a dean his own", async () => {
    const all = await requestList(deps(), await requester(ADMIN), "all");
    const own = await requestList(deps(), await requester(DEAN_EF), "all");
    expect(all.ok && all.value.length).toBe(2);
    expect(own.ok && own.value.map((s) => s.request.createdBy)).toEqual([DEAN_EF]);
  });

  it("a draft is sent once however often it is confirmed, and not after a day", async () => {
    clock.now = bishkek("2026-10-05 10:00");
    const admin = await requester(ADMIN);
    const d = await draftRequest(deps(), admin, {
      subject: "session",
      year: "2026-2027",
      term: "autumn",
      stage: "main",
      units: ["ЭФ-1"],
      deadline: "2026-10-20",
    });
    if (!d.ok) throw new Error(d.problem.code);
    const [a, b] = await Promise.all([
      confirmRequest(deps(), admin, d.value.draft.id),
      confirmRequest(deps(), admin, d.value.draft.id),
    ]);
    expect([a.ok && a.value.created, b.ok && b.value.created].sort()).toEqual([false, true]);
    expect(await recipientsOf(`request:${d.value.draft.id}:notice`)).toEqual([head(1)]);
    const stale = await draftRequest(deps(), admin, {
      subject: "practice",
      year: "2026-2027",
      units: ["ЭФ-1"],
      deadline: "2026-10-20",
    });
    if (!stale.ok) throw new Error(stale.problem.code);
    clock.now = bishkek("2026-10-06 10:01");
    expect(await confirmRequest(deps(), admin, stale.value.draft.id)).toMatchObject({
      ok: false,
      problem: { code: "requestDraftExpired" },
    });
    expect(await confirmRequest(deps(), await requester(DEAN_EF), d.value.draft.id)).toMatchObject({ ok: false });
  });
});

describe("units named in a request", () => {
  it("are whole names: a typo is not taken for the unit it starts with", async () => {
    clock.now = bishkek("2026-10-05 10:00");
    const admin = await requester(ADMIN);
    const typo = await draftRequest(deps(), admin, {
      subject: "practice",
      year: "2026-2027",
      from: ["ЭФ-9"],
      deadline: "2026-10-20",
    });
    expect(typo).toMatchObject({ ok: false, problem: { code: "unknownUnitClosest", params: { unit: "ЭФ-9" } } });
    const named = await draftRequest(deps(), admin, {
      subject: "practice",
      year: "2026-2027",
      from: ["эф-2", "Кара-Балтада"],
      deadline: "2026-10-20",
    });
    expect(named.ok && named.value.plan.units).toEqual(["ЭФ-2", "Кара-Балта ш. филиал"]);
  });
});
