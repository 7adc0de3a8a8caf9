// `sapat worker` with HEALTH_PORT, as deployed: its /metrics counts every send by what
// Telegram answered (sent, 429, 403, chat not found, a 5xx retried, a message refused),
// and its /healthz shows it holding the sender's lease.
import type { ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HealthReport } from "../../bot/app/health/check-health.ts";
import {
  announceToStudents,
  type DeliveryFixture,
  deliveryFixture,
  startWorkerProcess,
  stopWorkers,
  untilSent,
} from "../support/delivery.ts";
import { seriesOf, seriesValue } from "../support/metrics.ts";

let f: DeliveryFixture;
let worker: ChildProcess;
let base: string;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

/** The worker's server once it answers (the process takes a moment to start). */
async function untilServing(url: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url);
      return;
    } catch (error) {
      if (Date.now() > end) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

beforeAll(async () => {
  f = await deliveryFixture({ students: 6, faults: false });
  // the next five sends, whichever deliveries they are, get these answers
  f.api.failNext("sendMessage", {
    error_code: 429,
    description: "Too Many Requests: retry after 0",
    parameters: { retry_after: 0 },
  });
  f.api.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot was blocked by the user" });
  f.api.failNext("sendMessage", { error_code: 400, description: "Bad Request: chat not found" });
  f.api.failNext("sendMessage", { error_code: 500, description: "Internal Server Error" });
  f.api.failNext("sendMessage", { error_code: 400, description: "Bad Request: message is too long" });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  worker = startWorkerProcess(f, { HEALTH_PORT: String(port), SAPAT_SEND_CONCURRENCY: "1" });
  await untilServing(`${base}/healthz`, 30_000);
}, 60_000);

afterAll(async () => {
  if (worker) await stopWorkers([worker]);
  await f?.cleanup();
});

describe("sapat worker's /metrics and /healthz", () => {
  it("counts each send by its result, as many as Telegram answered", async () => {
    const { campaign } = await announceToStudents(f);
    await untilSent(f.db, campaign.id, 60_000);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(seriesOf(text, "sapat_sends_total")).toEqual({
      'result="sent"': 3,
      'result="429"': 1,
      'result="403"': 1,
      'result="chat_not_found"': 1,
      'result="retry"': 1,
      'result="failed"': 1,
    });
    // one per call Telegram saw
    expect(f.api.calls.filter((c) => c.method === "sendMessage")).toHaveLength(8);
    expect(seriesValue(text, "sapat_outbox_depth")).toBe(0);
    // a real process: Node's own metrics too
    expect(text).toContain("process_cpu_seconds_total");
  }, 90_000);

  it("is healthy, holding the sender's lease", async () => {
    const res = await fetch(`${base}/healthz`);
    const body = (await res.json()) as HealthReport;
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ status: "ok", database: { ok: true }, sender: { ok: true }, queue: { depth: 0 } });
    expect(body.sender.holder).toMatch(new RegExp(`^${worker.pid}:`));
  });
});
