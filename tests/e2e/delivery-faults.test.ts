// The sender's other ways of failing, in-process against the local Bot API: Telegram's
// 5xx are retried with backoff, an answer lost after the message arrived is sent again
// and counted as a possible duplicate, a message Telegram refuses is failed at once, and
// the creator's progress message ends as the report naming who was not reached.
import { Telegram } from "telegraf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign } from "../../bot/app/delivery/campaigns.ts";
import { translator } from "../../bot/present/i18n.ts";
import { Worker } from "../../bot/worker/worker.ts";
import { campaignCounts } from "../../prisma/store/outbox.ts";
import { type DeliveryFixture, deliveryFixture, outcomes, silentLogger, untilSent } from "../support/delivery.ts";

let f: DeliveryFixture;
let worker: Worker;
const CREATOR = 7_200_000_001;

beforeAll(async () => {
  f = await deliveryFixture({ students: 40, faults: false });
  f.api.setFaults({
    seed: 3,
    serverErrors: { share: 0.25, methods: ["sendMessage"] },
    dropAfterSend: { share: 0.15, delayMs: 0 },
    recipientShares: { blocked: 0.05, notStarted: 0.05 },
  });
  await f.db.user.create({
    data: { institutionId: f.institution.id, telegramId: String(CREATOR), role: "admin", language: "en", firstName: "QA" },
  });
  worker = new Worker(
    { db: f.db, now: () => new Date(), logger: silentLogger() },
    {
      token: f.api.token,
      apiRoot: f.apiRoot,
      timeoutMs: 1_000,
      schedulerEveryMs: 60_000,
      sender: {
        rate: { perSecond: 25, marginMs: 10 },
        concurrency: 4,
        leaseMs: 3_000,
        idleMs: 50,
        progressEveryMs: 500,
        retry: { maxAttempts: 8, baseDelayMs: 100, maxDelayMs: 400 },
      },
    },
  );
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await f?.cleanup();
});

describe("server errors, lost answers and the report", () => {
  let campaignId: number;

  beforeAll(async () => {
    // the creator's own chat holds the progress message, as /announce leaves it
    const progress = await new Telegram(f.api.token, { apiRoot: f.apiRoot }).sendMessage(CREATOR, "📨");
    const r = await createCampaign(
      { db: f.db, now: () => new Date() },
      {
        sender: { access: { role: "admin", scope: { kind: "institution" } }, institutionId: f.institution.id },
        kind: "announcement",
        category: "announcements",
        audience: { roles: ["student"] },
        message: { key: "delivery.audience.everyone" },
        createdBy: String(CREATOR),
        progress: { chatId: String(CREATOR), messageId: progress.message_id },
      },
    );
    if (!r.ok) throw new Error(r.problem.code);
    campaignId = r.value.campaign.id;
    worker.start();
    await untilSent(f.db, campaignId, 60_000);
    // the report is written once the campaign is closed
    await f.api.waitFor("editMessageText", (c) => String(c.params.text).startsWith("✅"), 10_000);
  }, 90_000);

  it("every reachable student has it: 5xx retried, dropped answers sent again", () => {
    const { reachable, copies } = outcomes(f);
    expect(reachable.filter((id) => (copies.get(id) ?? 0) < 1)).toEqual([]);
    const calls = f.api.calls.filter((c) => c.method === "sendMessage");
    expect(calls.some((c) => c.fault === "serverError")).toBe(true);
    expect(calls.some((c) => c.fault === "dropped")).toBe(true);
  });

  it("counts each lost answer as a possible duplicate, and nothing failed", async () => {
    const { copies } = outcomes(f);
    const twice = [...copies.values()].filter((n) => n > 1).length;
    const c = await campaignCounts(f.db, campaignId);
    expect(twice).toBeGreaterThan(0);
    expect(c.resent).toBeGreaterThanOrEqual(twice);
    expect(c.failed).toBe(0);
  });

  it("renders a locale key in each student's language", async () => {
    const texts = new Set<string>();
    for (const lng of ["ky", "ru", "en"] as const) texts.add((await translator(lng))("delivery.audience.everyone"));
    const got = new Set(f.students.flatMap((id) => f.api.messages(id).map((m) => m.text)));
    expect(got).toEqual(texts);
  });

  it("ends the creator's progress message as the report, in their language, naming who was not reached", () => {
    const report = f.api.lastBotMessage(CREATOR)?.text ?? "";
    const { unreachable } = outcomes(f);
    expect(report).toMatch(/^✅ Sent: delivered \d+ \/ 40/);
    expect(report).toContain("Not reached:");
    expect(report.split("\n").filter((l) => / — (blocked the bot|never started the bot)$/.test(l))).toHaveLength(
      unreachable.size,
    );
  });
});

describe("a message Telegram refuses", () => {
  it("is failed at once, not retried", async () => {
    const r = await createCampaign(
      { db: f.db, now: () => new Date() },
      {
        sender: { access: { role: "admin", scope: { kind: "institution" } }, institutionId: f.institution.id },
        kind: "announcement",
        category: "announcements",
        audience: { users: [String(CREATOR)] },
        message: { text: "Hi" },
        createdBy: "cli",
      },
    );
    if (!r.ok) throw new Error(r.problem.code);
    f.api.setFaults({});
    f.api.failNext("sendMessage", { error_code: 400, description: "Bad Request: message is too long" });
    await untilSent(f.db, r.value.campaign.id, 20_000);
    expect(await campaignCounts(f.db, r.value.campaign.id)).toMatchObject({ failed: 1, sent: 0 });
  });
});
