// Several workers on one database, each on its own connection(s), all at once: no delivery
// or job is claimed twice, one sender holds the lease, an update is taken by one process,
// and failed attempts add up across processes. On PostgreSQL (READ COMMITTED, claimers
// truly side by side) every claim also comes back full: SKIP LOCKED hands each claimer the
// next free rows instead of the ones another claimer is taking.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma, openDatabase } from "../../prisma/client.ts";
import { countAttempt, currentAttempts } from "../../prisma/store/attempts.ts";
import { claimDeliveries, claimDueJobs } from "../../prisma/store/claims.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { holdLease } from "../../prisma/store/leases.ts";
import { insertCampaign } from "../../prisma/store/outbox.ts";
import { pruneUpdates, takeUpdate } from "../../prisma/store/updates.ts";
import { onPostgres, tempDir } from "../helpers.ts";
import { testDatabaseUrl } from "../support/database.ts";

const tmp = tempDir("sapat-claims-");
const WORKERS = 4;
const DELIVERIES = 500;
const BATCH = 25;
const ROUNDS = DELIVERIES / BATCH / WORKERS;
const now = new Date("2026-09-01T04:00:00Z");
let db: PrismaClient;
/** one client per worker, as separate processes would have */
let clients: PrismaClient[];
let institutionId: number;

beforeAll(async () => {
  const url = testDatabaseUrl(tmp.dir, "claims");
  db = await openDatabase(url);
  clients = Array.from({ length: WORKERS }, () => createPrisma(url));
  institutionId = (await db.institution.create({ data: { code: "T", name: "Test" } })).id;
  await db.user.createMany({
    data: Array.from({ length: DELIVERIES }, (_, i) => ({ institutionId, telegramId: String(9_000_000 + i), role: "student" })),
  });
});

afterAll(async () => {
  for (const c of [db, ...(clients ?? [])]) await c?.$disconnect();
  tmp.cleanup();
});

async function queueDeliveries(n: number): Promise<number> {
  const users = await db.user.findMany({ orderBy: { id: "asc" }, take: n });
  const { campaign } = await insertCampaign(
    db,
    {
      institutionId,
      kind: "announcement",
      category: "announcements",
      audience: "{}",
      message: "{}",
      idempotencyKey: null,
      createdBy: "test",
    },
    users.map((u) => ({ userId: u.id, chatId: u.telegramId, state: "queued" as const, errorKind: null })),
    now,
  );
  return campaign.id;
}

describe(`${WORKERS} workers claiming at once (${onPostgres ? "PostgreSQL" : "SQLite"})`, () => {
  it(`claim ${DELIVERIES} due deliveries: none twice, and the leases say who has which`, async () => {
    const campaignId = await queueDeliveries(DELIVERIES);
    const batches = await Promise.all(
      clients.map(async (client, w) => {
        const got: number[][] = [];
        for (let round = 0; round < ROUNDS; round++)
          got.push((await claimDeliveries(client, `w${w}`, now, 60_000, BATCH)).map((d) => d.id));
        return got;
      }),
    );
    const ids = batches.flat(2);
    expect(ids.length).toBe(new Set(ids).size);
    if (onPostgres) {
      // side by side, every claim got a full batch of rows nobody else holds
      expect(batches.flat().map((b) => b.length)).toEqual(Array(WORKERS * ROUNDS).fill(BATCH));
    } else {
      // one writer at a time: a claimer may come away empty while another writes; a last sweep takes the rest
      ids.push(...(await claimDeliveries(db, "sweep", now, 60_000, DELIVERIES)).map((d) => d.id));
      expect(ids.length).toBe(new Set(ids).size);
    }
    expect(ids.length).toBe(DELIVERIES);
    const leased = await db.delivery.findMany({ where: { campaignId }, select: { id: true, leaseOwner: true } });
    const owner = new Map(batches.flatMap((bs, w) => bs.flat().map((id) => [id, `w${w}`] as const)));
    expect(leased.filter((d) => d.leaseOwner !== (owner.get(d.id) ?? "sweep"))).toEqual([]);
    // nothing is left to claim until the leases run out
    expect(await claimDeliveries(db, "late", now, 60_000, BATCH)).toEqual([]);
    expect(await claimDeliveries(db, "late", new Date(now.getTime() + 61_000), 60_000, BATCH)).toHaveLength(BATCH);
  });

  it("claim 100 due jobs: each runs once, and a run whose worker died is claimed again once", async () => {
    await db.job.createMany({
      data: Array.from({ length: 100 }, (_, i) => ({
        key: `t:${i}`,
        kind: "test",
        institutionId,
        payload: "{}",
        dueAt: new Date(now.getTime() - i * 1000),
        quietHours: false,
      })),
    });
    const claim = (at: Date) =>
      Promise.all(
        clients.map(async (client, w) => {
          const got: number[] = [];
          for (let round = 0; round < 5; round++)
            got.push(...(await claimDueJobs(client, `w${w}`, at, 60_000, 5)).map((j) => j.id));
          return got;
        }),
      );
    const first = (await claim(now)).flat();
    if (!onPostgres) first.push(...(await claimDueJobs(db, "sweep", now, 60_000, 100)).map((j) => j.id));
    expect(first.length).toBe(100);
    expect(new Set(first).size).toBe(100);
    expect(await db.job.count({ where: { state: "running", attempts: 1 } })).toBe(100);
    // every worker died: after the lease the jobs are due again, each to one claimer
    const again = (await claim(new Date(now.getTime() + 61_000))).flat();
    if (!onPostgres)
      again.push(...(await claimDueJobs(db, "sweep", new Date(now.getTime() + 61_000), 60_000, 100)).map((j) => j.id));
    expect(again.length).toBe(100);
    expect(new Set(again).size).toBe(100);
    expect(await db.job.count({ where: { attempts: 2 } })).toBe(100);
  });

  it("the sender's lease: of workers asking at once exactly one holds it, each time it is free", async () => {
    const ttl = 10_000;
    for (let round = 0; round < 20; round++) {
      // a new round starts after the last holder's lease ran out (it died)
      const at = new Date(now.getTime() + round * 2 * ttl);
      const held = await Promise.all(clients.map((client, w) => holdLease(client, "sender:test", `w${w}:${round}`, at, ttl)));
      expect(held.filter(Boolean)).toHaveLength(1);
      // the holder renews; nobody else gets it meanwhile
      const holder = held.indexOf(true);
      const renew = new Date(at.getTime() + ttl / 2);
      const again = await Promise.all(clients.map((client, w) => holdLease(client, "sender:test", `w${w}:${round}`, renew, ttl)));
      expect(again.map((h, w) => h === (w === holder))).toEqual(Array(WORKERS).fill(true));
    }
  });

  it("an update is taken by one process however many get it at once; old records are pruned", async () => {
    const ids = Array.from({ length: 50 }, (_, i) => 1_000 + i);
    const taken = await Promise.all(clients.map((client) => Promise.all(ids.map((id) => takeUpdate(client, id, now)))));
    for (const [i] of ids.entries()) expect(taken.filter((byWorker) => byWorker[i])).toHaveLength(1);
    expect(await takeUpdate(db, 1_000, now)).toBe(false);
    // ids past 2^31, should Telegram's ever grow
    expect(await takeUpdate(db, 2 ** 40, now)).toBe(true);
    expect(await pruneUpdates(db, new Date(now.getTime() + 1))).toBe(51);
    expect(await takeUpdate(db, 1_000, now)).toBe(true);
  });

  it("failed attempts at once from several processes all count, within the window", async () => {
    await Promise.all(clients.map((client) => countAttempt(client, "invite:42", now, 600_000)));
    expect(await currentAttempts(db, "invite:42", now)).toEqual({ count: WORKERS, until: new Date(now.getTime() + 600_000) });
    const later = new Date(now.getTime() + 600_000);
    expect(await currentAttempts(db, "invite:42", later)).toBeNull();
    await countAttempt(db, "invite:42", later, 600_000);
    expect(await currentAttempts(db, "invite:42", later)).toMatchObject({ count: 1 });
  });
});
