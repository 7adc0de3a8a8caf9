// /healthz and /metrics on a real database: the outbox's depth and age as queued, imports
// by the CLI counted at the next scrape, and a 503 for each way a deployment is unhealthy —
// due deliveries with no sender, a stale queue, a database gone or not answering.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign } from "../../bot/app/delivery/campaigns.ts";
import { senderLeaseName } from "../../bot/app/delivery/sending.ts";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import type { HealthReport } from "../../bot/app/health/check-health.ts";
import { loadWorkerConfig, type WorkerConfig } from "../../bot/config.ts";
import { createMetrics, type Metrics } from "../../bot/metrics.ts";
import { type WebServer, webServerFor } from "../../bot/web/index.ts";
import { createPrisma } from "../../prisma/client.ts";
import type { Institution } from "../../prisma/generated/client.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { holdLease } from "../../prisma/store/leases.ts";
import { markRetry } from "../../prisma/store/outbox.ts";
import { cli, tempDir, testDatabaseUrl } from "../helpers.ts";
import { seriesValue } from "../support/metrics.ts";

const TOKEN = "123456:abcdefghijklmnop";
const T0 = new Date("2026-03-02T09:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

let db: PrismaClient;
let url: string;
let institution: Institution;
let now = T0;
const servers: WebServer[] = [];
const tmp = tempDir("sapat-web-");

function config(env: Record<string, string> = {}): WorkerConfig {
  const loaded = loadWorkerConfig({ TELEGRAM_BOT_TOKEN: TOKEN, HEALTH_QUEUE_MAX_AGE_MS: "600000", ...env });
  if (!loaded.ok) throw new Error(loaded.problem.code);
  return loaded.config;
}

/** A server on a free port over `database`; its base URL and metrics. */
async function serve(database: PrismaClient, env: Record<string, string> = {}): Promise<{ base: string; metrics: Metrics }> {
  const metrics = createMetrics();
  const server = webServerFor({ db: database, now: () => now, logger: pino({ level: "silent" }), metrics }, config(env));
  servers.push(server);
  const port = await server.listen(0, "127.0.0.1");
  return { base: `http://127.0.0.1:${port}`, metrics };
}

async function health(base: string): Promise<{ status: number; body: HealthReport }> {
  const res = await fetch(`${base}/healthz`);
  return { status: res.status, body: (await res.json()) as HealthReport };
}

async function scrape(base: string): Promise<string> {
  const res = await fetch(`${base}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/plain");
  return res.text();
}

let base: string;

beforeAll(async () => {
  url = testDatabaseUrl(tmp.dir, "web");
  ({ db, institution } = await buildDemo(url));
  await db.user.createMany({
    data: ["9001", "9002"].map((telegramId) => ({ institutionId: institution.id, telegramId, role: "student" })),
  });
  ({ base } = await serve(db));
}, 60_000);

afterAll(async () => {
  for (const s of servers) {
    s.closeAll();
    await s.close();
  }
  await db.$disconnect();
  tmp.cleanup();
});

describe("/metrics", () => {
  it("shows an empty outbox, the database up, every send result at 0, and the demo's imports", async () => {
    const text = await scrape(base);
    expect(seriesValue(text, "sapat_outbox_depth")).toBe(0);
    expect(seriesValue(text, "sapat_outbox_oldest_seconds")).toBe(0);
    expect(seriesValue(text, "sapat_database_up")).toBe(1);
    for (const result of ["sent", "429", "403", "chat_not_found", "retry", "failed"])
      expect(seriesValue(text, "sapat_sends_total", { result })).toBe(0);
    const sessions = await db.importBatch.count({ where: { kind: "session" } });
    expect(sessions).toBeGreaterThan(0);
    expect(seriesValue(text, "sapat_imports_total", { kind: "session", result: "written" })).toBe(sessions);
    // the process's own (CPU, memory) only where asked for: a real process, not this test
    expect(text).not.toContain("process_cpu_seconds_total");
  });

  it("counts an import made by the CLI, written or refused, at the next scrape", async () => {
    const before = await scrape(base);
    const written = (kind: string, text: string) => seriesValue(text, "sapat_imports_total", { kind, result: "written" }) ?? 0;
    const refused = (kind: string, text: string) => seriesValue(text, "sapat_imports_total", { kind, result: "refused" }) ?? 0;
    const bad = path.join(tmp.dir, "bad-practice.csv");
    writeFileSync(bad, "unit,year,kind,assigned,completed\nМТФ,2025-2026,production,ten,5\n");
    expect((await cli(url, "import", "practice", bad)).code).not.toBe(0);
    const good = path.join(tmp.dir, "practice.csv");
    writeFileSync(good, "unit,year,kind,assigned,completed\nМТФ,2025-2026,production,10,5\n");
    expect((await cli(url, "import", "practice", good)).code).toBe(0);
    const after = await scrape(base);
    expect(refused("practice", after)).toBe(refused("practice", before) + 1);
    expect(written("practice", after)).toBe(written("practice", before) + 1);
    expect(written("session", after)).toBe(written("session", before));
  });

  it("shows queued deliveries, due or waiting for a retry, and how long the oldest due one has waited", async () => {
    const r = await createCampaign(
      { db, now: () => T0 },
      {
        sender: { access: { role: "admin", scope: { kind: "institution" } }, institutionId: institution.id },
        kind: "announcement",
        category: "announcements",
        audience: { users: ["9001", "9002"] },
        message: { text: "Hi" },
        createdBy: "cli",
      },
    );
    if (!r.ok) throw new Error(r.problem.code);
    // one failed and waits for its retry in an hour: queued, not due
    const [first] = await db.delivery.findMany({ where: { campaignId: r.value.campaign.id }, orderBy: { id: "asc" } });
    await markRetry(db, first?.id as number, { at: at(3600), countAttempt: true });
    now = at(90);
    const text = await scrape(base);
    expect(seriesValue(text, "sapat_outbox_depth")).toBe(2);
    expect(seriesValue(text, "sapat_outbox_oldest_seconds")).toBe(90);
  });

  it("answers 404 elsewhere and 405 for another method", async () => {
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/metrics/x`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: "POST" })).status).toBe(405);
  });
});

describe("/healthz", () => {
  it("fails (503) while due deliveries have no sender", async () => {
    now = at(90);
    const { status, body } = await health(base);
    expect(status).toBe(503);
    expect(body).toMatchObject({
      status: "fail",
      failures: ["noSender"],
      database: { ok: true },
      sender: { ok: false, holder: null, until: null },
      queue: { depth: 2, due: 1, oldestSeconds: 90 },
    });
  });

  it("is ok (200) once a sender holds the lease", async () => {
    now = at(100);
    await holdLease(db, senderLeaseName("123456"), "worker-1", now, 60_000);
    const { status, body } = await health(base);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: "ok",
      failures: [],
      sender: { ok: true, holder: "worker-1", until: at(160).toISOString() },
      queue: { depth: 2, due: 1, oldestSeconds: 100 },
    });
  });

  it("fails when the lease has run out: the sender died", async () => {
    now = at(200);
    const { status, body } = await health(base);
    expect(status).toBe(503);
    expect(body).toMatchObject({ failures: ["noSender"], sender: { ok: false, holder: "worker-1" } });
  });

  it("fails when the oldest due delivery has waited longer than HEALTH_QUEUE_MAX_AGE_MS, sender or not", async () => {
    now = at(601);
    await holdLease(db, senderLeaseName("123456"), "worker-1", now, 60_000);
    const { status, body } = await health(base);
    expect(status).toBe(503);
    expect(body).toMatchObject({ failures: ["queueStale"], sender: { ok: true }, queue: { oldestSeconds: 601 } });
  });

  it("fails with the database gone; /metrics still answers, saying so", async () => {
    const dir = path.join(tmp.dir, "gone");
    mkdirSync(dir);
    const gone = createPrisma(`file:${path.join(dir, "x.db")}`);
    await gone.$queryRaw`SELECT 1`;
    await gone.$disconnect();
    rmSync(dir, { recursive: true });
    const other = await serve(gone);
    other.metrics.sendResult("sent");
    const { status, body } = await health(other.base);
    expect(status).toBe(503);
    expect(body).toMatchObject({
      status: "fail",
      failures: ["database"],
      database: { ok: false },
      queue: { depth: null, due: null, oldestSeconds: null },
    });
    const text = await scrape(other.base);
    expect(seriesValue(text, "sapat_database_up")).toBe(0);
    expect(seriesValue(text, "sapat_sends_total", { result: "sent" })).toBe(1);
  });

  it("fails, rather than hangs, when the database does not answer", async () => {
    const hung = { $queryRaw: () => new Promise(() => {}) } as unknown as PrismaClient;
    const other = await serve(hung, { HEALTH_DB_TIMEOUT_MS: "50" });
    const { status, body } = await health(other.base);
    expect(status).toBe(503);
    expect(body).toMatchObject({ failures: ["database"], database: { ok: false } });
  });
});
