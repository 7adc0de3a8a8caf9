// A delivery run against the local Bot API: a demo database with N students, the server
// refusing some chats and throttling some sends, and what a run's result looks like.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import pino from "pino";
import { type CreatedCampaign, createCampaign } from "../../bot/app/delivery/campaigns.ts";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import { LocalBotApi } from "../../bot/local-api/index.ts";
import type { Institution } from "../../prisma/generated/client.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { campaignCounts } from "../../prisma/store/outbox.ts";
import { tempDir } from "../helpers.ts";
import { testDatabaseUrl } from "./database.ts";

/** Far above 2^32: chat ids are 64-bit and must survive as such. */
export const FIRST_STUDENT_ID = 7_000_000_000;

export interface DeliveryFixture {
  api: LocalBotApi;
  apiRoot: string;
  db: PrismaClient;
  databaseUrl: string;
  institution: Institution;
  students: number[];
  cleanup(): Promise<void>;
}

export interface FixtureOptions {
  students: number;
  seed?: number;
  /** the mix: 5% of sends 429 (retry_after 1–3 s), 3% of people 403, 1% 400 */
  faults?: boolean;
  retryAfter?: number | [number, number];
}

export async function deliveryFixture(o: FixtureOptions): Promise<DeliveryFixture> {
  const tmp = tempDir("sapat-delivery-");
  const databaseUrl = testDatabaseUrl(tmp.dir, "delivery");
  const { db, institution } = await buildDemo(databaseUrl);
  const units = await db.unit.findMany({ where: { institutionId: institution.id }, orderBy: { id: "asc" } });
  const students = Array.from({ length: o.students }, (_, i) => FIRST_STUDENT_ID + i);
  const languages = ["ky", "ru", "en", null];
  await db.user.createMany({
    data: students.map((id, i) => ({
      institutionId: institution.id,
      telegramId: String(id),
      role: "student",
      scopeUnitId: units[i % units.length]?.id ?? null,
      course: 1 + (i % 4),
      form: "full-time",
      language: languages[i % languages.length],
      firstName: `Student ${i}`,
    })),
  });
  const api = new LocalBotApi({ botUsername: "sapat_test_bot", waitTimeoutMs: 10_000 });
  const { apiRoot } = await api.start();
  if (o.faults !== false)
    api.setFaults({
      seed: o.seed ?? 7,
      tooManyRequests: { share: 0.05, retryAfter: o.retryAfter ?? [1, 3], methods: ["sendMessage"] },
      recipientShares: { blocked: 0.03, chatNotFound: 0.01 },
    });
  return {
    api,
    apiRoot,
    db,
    databaseUrl,
    institution,
    students,
    async cleanup() {
      await api.stop();
      await db.$disconnect();
      tmp.cleanup();
    },
  };
}

/** An announcement to every student, queued as the institution. */
export async function announceToStudents(
  f: DeliveryFixture,
  text = "Practice results are due on 25 September",
): Promise<CreatedCampaign> {
  const r = await createCampaign(
    { db: f.db, now: () => new Date() },
    {
      sender: { access: { role: "admin", scope: { kind: "institution" } }, institutionId: f.institution.id },
      kind: "announcement",
      category: "announcements",
      audience: { roles: ["student"] },
      message: { text },
      createdBy: "cli",
    },
  );
  if (!r.ok) throw new Error(`campaign not created: ${r.problem.code}`);
  return r.value;
}

/** Resolves when the campaign has nothing left to send (polling its counts). */
export async function untilSent(db: PrismaClient, campaignId: number, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const c = await campaignCounts(db, campaignId);
    if (c.queued + c.sending === 0) return;
    if (Date.now() > end) throw new Error(`campaign ${campaignId} still sending after ${timeoutMs} ms: ${JSON.stringify(c)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** What reached whom: per student, the messages stored in their chat, and what Telegram would say of them. */
export function outcomes(f: DeliveryFixture): {
  reachable: number[];
  unreachable: Map<number, string>;
  copies: Map<number, number>;
} {
  const reachable: number[] = [];
  const unreachable = new Map<number, string>();
  const copies = new Map<number, number>();
  for (const id of f.students) {
    const fate = f.api.fateOf(id);
    if (fate) unreachable.set(id, fate);
    else reachable.push(id);
    copies.set(id, f.api.deliveredCount(id));
  }
  return { reachable, unreachable, copies };
}

export const silentLogger = () => pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });

const SAPAT = path.resolve(import.meta.dirname, "../../scripts/sapat.mjs");

/** `sapat worker` as its own process, as deployed, against the fixture's server and database. */
export function startWorkerProcess(f: DeliveryFixture, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [SAPAT, "worker"], {
    env: {
      ...process.env,
      TELEGRAM_BOT_TOKEN: f.api.token,
      TELEGRAM_API_ROOT: f.apiRoot,
      DATABASE_URL: f.databaseUrl,
      SAPAT_SEND_RATE: "25",
      SAPAT_SEND_CONCURRENCY: "8",
      SAPAT_SENDER_LEASE_MS: "2000",
      SAPAT_SCHEDULER_EVERY_MS: "300",
      TELEGRAM_TIMEOUT_MS: "5000",
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "error",
      ...env,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

export const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve()),
  );

/** Stops worker processes (SIGTERM) and waits for them. */
export async function stopWorkers(children: readonly ChildProcess[]): Promise<void> {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGTERM");
  await Promise.all(children.map(exited));
}
