// The delivery engine against the local Bot API with Telegram's refusals: an announcement
// to every student arrives exactly once for everyone reachable, the rest are recorded with
// their reasons, and Telegram's limits hold in every one-second window.
// DELIVERY_SCALE=full runs the 2 000 recipients (minutes: each 429 stops all
// sending for 1–3 s); the default is 300 with the same shares.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignCounts, undelivered } from "../../prisma/store/outbox.ts";
import {
  announceToStudents,
  type DeliveryFixture,
  deliveryFixture,
  outcomes,
  startWorkerProcess,
  stopWorkers,
  untilSent,
} from "../support/delivery.ts";

const FULL = process.env.DELIVERY_SCALE === "full";
const STUDENTS = FULL ? 2_000 : 300;
const RATE = 25;
const CONCURRENCY = 8;

describe(`an announcement to ${STUDENTS} students through the local Bot API`, () => {
  let f: DeliveryFixture;
  let worker: ChildProcess;
  let campaignId: number;

  beforeAll(async () => {
    f = await deliveryFixture({ students: STUDENTS, retryAfter: FULL ? [1, 3] : [1, 2] });
    const created = await announceToStudents(f);
    campaignId = created.campaign.id;
    expect(created.recipients).toBe(STUDENTS);
    // its own process, as deployed: the server's clock then sees the sends as they were spaced
    worker = startWorkerProcess(f, { SAPAT_SEND_RATE: String(RATE), SAPAT_SEND_CONCURRENCY: String(CONCURRENCY) });
    await untilSent(f.db, campaignId, FULL ? 900_000 : 120_000);
  }, 1_000_000);

  afterAll(async () => {
    if (worker) await stopWorkers([worker]);
    await f?.cleanup();
  });

  it("reaches every reachable student exactly once", () => {
    const { reachable, copies } = outcomes(f);
    expect(reachable.length).toBeGreaterThan(STUDENTS * 0.9);
    const wrong = reachable.filter((id) => copies.get(id) !== 1).map((id) => `${id}×${copies.get(id)}`);
    expect(wrong).toEqual([]);
  });

  it("marks the others unreachable with Telegram's reason, on the delivery and the user, and sends them nothing", async () => {
    const { unreachable, copies } = outcomes(f);
    expect(unreachable.size).toBeGreaterThan(0);
    const rows = await undelivered(f.db, campaignId);
    const got = new Map(rows.map((r) => [Number(r.chatId), r.errorKind]));
    expect(got).toEqual(unreachable);
    for (const id of unreachable.keys()) expect(copies.get(id)).toBe(0);
    const users = await f.db.user.findMany({
      where: { unreachableReason: { not: null } },
      select: { telegramId: true, unreachableReason: true },
    });
    expect(new Map(users.map((u) => [Number(u.telegramId), u.unreachableReason]))).toEqual(unreachable);
  });

  it("counts add up, with no failures and no possible duplicates", async () => {
    const c = await campaignCounts(f.db, campaignId);
    const { reachable, unreachable } = outcomes(f);
    expect(c).toMatchObject({
      total: STUDENTS,
      sent: reachable.length,
      unreachable: unreachable.size,
      failed: 0,
      skipped: 0,
      resent: 0,
    });
  });

  it("waited out the 429s it got", () => {
    const refused = f.api.sendTimes(["sendMessage"]).filter((s) => s.fault === "tooManyRequests" || s.fault === "retryAfter");
    expect(refused.length).toBeGreaterThan(0);
    // waited out: after a 429 nothing else reached the server before its retry_after ran out
    expect(refused.every((s) => s.fault === "tooManyRequests")).toBe(true);
  });

  it("a 429 stops all sending until its retry_after has passed", () => {
    const IN_FLIGHT_MS = 300;
    const calls = f.api.calls.filter((c) => c.method === "sendMessage");
    const pauses = calls.filter((c) => c.fault === "tooManyRequests");
    expect(pauses.length).toBeGreaterThan(0);
    for (const p of pauses) {
      const until = p.receivedAt + (p.error?.parameters?.retry_after ?? 0) * 1000;
      // sends already on their way when the 429 was given may still land just after it (up to
      // the concurrency's in-flight calls; on a loaded machine the loop lag stretches that past 100 ms)
      const during = calls.filter((c) => c.receivedAt > p.receivedAt + IN_FLIGHT_MS && c.receivedAt < until);
      expect(during.map((c) => c.receivedAt - p.receivedAt)).toEqual([]);
    }
  });

  it(`keeps Telegram's limits: at most ${RATE} sends in any second, a chat never twice within a second`, () => {
    expect(f.api.maxSendsInWindow(1_000)).toBeLessThanOrEqual(RATE);
    expect(f.api.minGapPerChat()).toBeGreaterThanOrEqual(1_000);
  });
});
