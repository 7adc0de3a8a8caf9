// sapat announce / campaign status / campaign list, as the quality department types them.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { cli, tempDir } from "../helpers.ts";
import { testDatabaseUrl } from "../support/database.ts";

const tmp = tempDir("sapat-announce-");
const url = testDatabaseUrl(tmp.dir, "a");
let db: PrismaClient;

beforeAll(async () => {
  const built = await buildDemo(url);
  db = built.db;
  const units = await db.unit.findMany({ where: { institutionId: built.institution.id }, orderBy: { id: "asc" } });
  const [mtf, other] = units;
  if (!mtf || !other) throw new Error("demo units missing");
  await db.user.createMany({
    data: [
      { telegramId: "101", role: "dean", scopeUnitId: mtf.id, language: "en" },
      { telegramId: "201", role: "head", scopeUnitId: mtf.id },
      { telegramId: "202", role: "head", scopeUnitId: mtf.id },
      { telegramId: "203", role: "head", scopeUnitId: other.id },
      { telegramId: "301", role: "student", scopeUnitId: mtf.id, course: 2 },
      { telegramId: "302", role: "student", scopeUnitId: mtf.id, course: 5 },
    ].map((u) => ({ ...u, institutionId: built.institution.id })),
  });
});

afterAll(async () => {
  await db.$disconnect();
  tmp.cleanup();
});

const units = async () => (await db.unit.findMany({ orderBy: { id: "asc" } })).map((u) => u.code);

describe("sapat announce", () => {
  it("queues an announcement and prints { campaignId, recipients }", async () => {
    const [mtf] = await units();
    const r = await cli(
      url,
      "announce",
      "--to",
      `role:head,unit:${mtf}`,
      "--text",
      "Practice results are due on 25 September",
      "--json",
    );
    expect(r.err).toBe("");
    const out = JSON.parse(r.out);
    expect(out).toMatchObject({ recipients: 2, created: true });
    const status = await cli(url, "campaign", "status", String(out.campaignId), "--json");
    expect(JSON.parse(status.out)).toMatchObject({ total: 2, sent: 0, failed: 0, unreachable: 0, queued: 2 });
  });

  it("says who it reaches in words, and --dry-run queues nothing", async () => {
    const [mtf] = await units();
    const before = await db.campaign.count();
    const r = await cli(
      url,
      "--lang",
      "en",
      "announce",
      "--to",
      `role:student,unit:${mtf},course:2-4`,
      "--text",
      "Hi",
      "--dry-run",
    );
    expect(r.out).toBe(`all students of ${mtf}, courses 2–4 — 1 person`);
    expect(await db.campaign.count()).toBe(before);
  });

  it("one key, one campaign", async () => {
    const a = await cli(url, "announce", "--to", "role:dean", "--text", "Once", "--key", "k-1", "--json");
    const b = await cli(url, "announce", "--to", "role:dean", "--text", "Once", "--key", "k-1", "--json");
    expect(JSON.parse(a.out).campaignId).toBe(JSON.parse(b.out).campaignId);
    expect(JSON.parse(b.out).created).toBe(false);
  });

  it("a dean (--as) addressing another faculty is refused and nothing is queued", async () => {
    const [, other] = await units();
    const before = await db.delivery.count();
    const r = await cli(url, "--lang", "en", "announce", "--as", "101", "--to", `role:head,unit:${other}`, "--text", "Hi");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/only address people of/);
    expect(await db.delivery.count()).toBe(before);
  });

  it.each([
    [["--to", "role:rector", "--text", "Hi"], /not a role/],
    [["--to", "faculty:МТФ", "--text", "Hi"], /not part of an audience/],
    [["--to", "role:student,course:6", "--text", "Hi"], /Nobody matches/],
    [["--to", "unit:НетТакого", "--text", "Hi"], /not found/],
    [["--to", "all", "--text", "   "], /empty/],
    [["--to", "all", "--text", "x".repeat(4097)], /4097 characters/],
    [["--to", "all", "--text", "Hi", "--at", "tomorrow"], /not a time/],
  ])("refuses %j clearly and queues nothing", async (args, message) => {
    const before = await db.campaign.count();
    const r = await cli(url, "--lang", "en", "announce", ...(args as string[]));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(await db.campaign.count()).toBe(before);
  });

  it("--at at night is scheduled for 08:00 Bishkek time", async () => {
    const r = await cli(
      url,
      "announce",
      "--to",
      "role:dean",
      "--text",
      "Tomorrow",
      "--at",
      "2030-09-20 23:30",
      "--key",
      "night",
      "--json",
    );
    expect(JSON.parse(r.out)).toEqual({ job: "night", dueAt: "2030-09-21T02:00:00.000Z", created: true });
  });

  it("campaign list shows the campaigns; an unknown id is one clear line", async () => {
    const list = await cli(url, "campaign", "list", "--json");
    expect(JSON.parse(list.out).length).toBeGreaterThanOrEqual(2);
    const missing = await cli(url, "--lang", "en", "campaign", "status", "999");
    expect(missing).toMatchObject({ code: 1, err: "There is no campaign #999." });
  });
});
