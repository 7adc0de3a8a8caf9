// Campaigns and scheduled jobs on a real database: audiences in the sender's scope,
// opt-outs counted as skipped, one campaign per idempotency key, and jobs that run once
// per key across restarts, crashed runs and two workers, after quiet hours.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign } from "../../bot/app/delivery/campaigns.ts";
import { runDueJobs, scheduleCampaign } from "../../bot/app/delivery/jobs.ts";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import { parseLocalDateTime } from "../../core/index.ts";
import { createPrisma } from "../../prisma/client.ts";
import type { Institution } from "../../prisma/generated/client.ts";
import { claimDueJobs } from "../../prisma/store/claims.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { campaignCounts } from "../../prisma/store/outbox.ts";
import { tempDir } from "../helpers.ts";
import { testDatabaseUrl } from "../support/database.ts";

const bishkek = (local: string) => parseLocalDateTime(local, "Asia/Bishkek") as Date;

let db: PrismaClient;
let institution: Institution;
let url: string;
const tmp = tempDir("sapat-campaigns-");
const admin = () => ({
  access: { role: "admin" as const, scope: { kind: "institution" as const } },
  institutionId: institution.id,
});

beforeAll(async () => {
  url = testDatabaseUrl(tmp.dir, "c");
  ({ db, institution } = await buildDemo(url));
  const units = await db.unit.findMany({ where: { institutionId: institution.id }, orderBy: { id: "asc" } });
  const [first, second] = units;
  if (!first || !second) throw new Error("the demo has fewer than two units");
  await db.user.createMany({
    data: [
      { telegramId: "101", role: "dean", scopeUnitId: first.id },
      { telegramId: "102", role: "dean", scopeUnitId: second.id },
      { telegramId: "201", role: "head", scopeUnitId: first.id },
      { telegramId: "202", role: "head", scopeUnitId: first.id, unreachableReason: "blocked" },
      { telegramId: "301", role: "student", scopeUnitId: first.id, course: 2 },
      { telegramId: "302", role: "student", scopeUnitId: second.id, course: 3 },
      { telegramId: "9007199254740993", role: "student", scopeUnitId: first.id, course: 4 },
    ].map((u) => ({ ...u, institutionId: institution.id })),
  });
});

afterAll(async () => {
  await db.$disconnect();
  tmp.cleanup();
});

const deps = (now = new Date()) => ({ db, now: () => now });
async function unitCode(i: number) {
  return (await db.unit.findMany({ where: { institutionId: institution.id }, orderBy: { id: "asc" } }))[i]?.code as string;
}
async function sender(telegramId: string) {
  const u = await db.user.findUniqueOrThrow({ where: { telegramId }, include: { scopeUnit: true } });
  const units = (await db.unit.findMany({ where: { institutionId: institution.id } })).map((x) => x.code);
  return {
    access: {
      role: u.role as "dean",
      scope: { kind: "unit" as const, unit: u.scopeUnit?.code ?? "", units: units.filter((c) => c === u.scopeUnit?.code) },
    },
    institutionId: institution.id,
  };
}

describe("campaigns", () => {
  it("a dean's announcement to another faculty is refused and queues nothing", async () => {
    const before = await db.delivery.count();
    const r = await createCampaign(deps(), {
      sender: await sender("101"),
      kind: "announcement",
      category: "announcements",
      audience: { roles: ["student"], units: [await unitCode(1)] },
      message: { text: "Hello" },
      createdBy: "101",
    });
    expect(r.ok ? null : r.problem.code).toBe("audienceOutsideScope");
    expect(await db.delivery.count()).toBe(before);
    expect(await db.campaign.count({ where: { createdBy: "101" } })).toBe(0);
  });

  it("a dean's announcement to their own faculty reaches its heads and students; 64-bit ids stay whole", async () => {
    const r = await createCampaign(deps(), {
      sender: await sender("101"),
      kind: "announcement",
      category: "announcements",
      audience: { roles: ["student"], units: [await unitCode(0)] },
      message: { text: "Hello" },
      createdBy: "101",
    });
    if (!r.ok) throw new Error(r.problem.code);
    const chats = (await db.delivery.findMany({ where: { campaignId: r.value.campaign.id } })).map((d) => d.chatId).sort();
    expect(chats).toEqual(["301", "9007199254740993"]);
  });

  it("someone who switched announcements off is skipped and counted; a known-blocked head is counted unreachable", async () => {
    const head = await db.user.findUniqueOrThrow({ where: { telegramId: "201" } });
    await db.noticeOptOut.create({ data: { userId: head.id, category: "announcements" } });
    const r = await createCampaign(deps(), {
      sender: admin(),
      kind: "announcement",
      category: "announcements",
      audience: { roles: ["head"] },
      message: { text: "Heads, please" },
      createdBy: "cli",
    });
    if (!r.ok) throw new Error(r.problem.code);
    const c = await campaignCounts(db, r.value.campaign.id);
    expect(c).toMatchObject({ total: 2, skipped: 1, unreachable: 1, queued: 0, reasons: { blocked: 1 } });
    await db.noticeOptOut.deleteMany({ where: { userId: head.id } });
  });

  it("the same idempotency key twice creates one campaign", async () => {
    const input = {
      sender: admin(),
      kind: "announcement",
      category: "announcements" as const,
      audience: { roles: ["dean" as const] },
      message: { text: "Once" },
      idempotencyKey: "press:42",
      createdBy: "cli",
    };
    const [a, b] = await Promise.all([createCampaign(deps(), input), createCampaign(deps(), input)]);
    if (!a.ok || !b.ok) throw new Error("not created");
    expect(a.value.campaign.id).toBe(b.value.campaign.id);
    expect([a.value.created, b.value.created].sort()).toEqual([false, true]);
    expect(await db.delivery.count({ where: { campaignId: a.value.campaign.id } })).toBe(2);
  });

  it("an audience nobody matches queues nothing and says so", async () => {
    const r = await createCampaign(deps(), {
      sender: admin(),
      kind: "announcement",
      category: "announcements",
      audience: { roles: ["student"], courses: [6] },
      message: { text: "Nobody" },
      createdBy: "cli",
    });
    expect(r.ok ? null : r.problem.code).toBe("audienceNobody");
  });
});

describe("scheduled jobs", () => {
  const reminder = (key: string, dueAt: Date, quietHours = true) =>
    scheduleCampaign(deps(), {
      key,
      institution,
      dueAt,
      quietHours,
      campaign: {
        kind: "reminder",
        category: "reminders",
        audience: { roles: ["dean"] },
        message: { key: "delivery.done", params: { sent: 1, total: 2 } },
      },
    });
  const campaignsOf = (key: string) => db.campaign.count({ where: { idempotencyKey: `job:${key}` } });

  it("quiet hours move a reminder scheduled for 22:30 to 08:00 Bishkek time", async () => {
    const { job } = await reminder("quiet:1", bishkek("2026-09-20 22:30"));
    expect(job.dueAt).toEqual(bishkek("2026-09-21 08:00"));
    expect(await runDueJobs(deps(bishkek("2026-09-21 07:59")), "w1")).toEqual([]);
    expect(await runDueJobs(deps(bishkek("2026-09-21 08:00")), "w1")).toEqual([{ key: "quiet:1", result: "done" }]);
  });

  it("a reminder that comes due while the worker was down all evening waits for the morning", async () => {
    await reminder("quiet:2", bishkek("2026-09-22 20:30"));
    expect(await runDueJobs(deps(bishkek("2026-09-22 23:10")), "w1")).toEqual([{ key: "quiet:2", result: "deferred" }]);
    expect(await campaignsOf("quiet:2")).toBe(0);
    const job = await db.job.findUniqueOrThrow({ where: { key: "quiet:2" } });
    expect(job.dueAt).toEqual(bishkek("2026-09-23 08:00"));
  });

  it("a key runs once: scheduled twice, run, and run again after a restart", async () => {
    const due = bishkek("2026-09-24 10:00");
    expect((await reminder("once:1", due)).created).toBe(true);
    expect((await reminder("once:1", due)).created).toBe(false);
    // (the reminder deferred above to the 23rd runs now too)
    expect((await runDueJobs(deps(due), "w1")).filter((r) => r.key === "once:1")).toEqual([{ key: "once:1", result: "done" }]);
    // a restart: a new client on the same file, a new owner
    const again = createPrisma(url);
    try {
      expect(await runDueJobs({ db: again, now: () => due }, "w2")).toEqual([]);
    } finally {
      await again.$disconnect();
    }
    expect(await campaignsOf("once:1")).toBe(1);
  });

  it("a run that crashed is taken over after its lease, and its campaign still exists once", async () => {
    const due = bishkek("2026-09-25 10:00");
    await reminder("crash:1", due);
    // w1 claims it and dies without finishing
    expect(await claimDueJobs(db, "w1", due, 60_000, 10)).toHaveLength(1);
    expect(await runDueJobs(deps(new Date(due.getTime() + 30_000)), "w2")).toEqual([]);
    expect(await runDueJobs(deps(new Date(due.getTime() + 61_000)), "w2")).toEqual([{ key: "crash:1", result: "done" }]);
    expect(await campaignsOf("crash:1")).toBe(1);
  });

  it("two workers on two connections at once: one runs it", async () => {
    const due = bishkek("2026-09-26 10:00");
    await reminder("pair:1", due);
    const other = createPrisma(url);
    try {
      const [a, b] = await Promise.all([runDueJobs(deps(due), "w1"), runDueJobs({ db: other, now: () => due }, "w2")]);
      expect(a.length + b.length).toBe(1);
    } finally {
      await other.$disconnect();
    }
    expect(await campaignsOf("pair:1")).toBe(1);
  });
});
