// Two `sapat worker` processes on one database: one sends, the other waits. The sender is
// killed with SIGKILL mid-run; the other takes over after the lease, and afterwards every
// reachable student has the message, at most the configured concurrency twice, and the
// report counts those. A keyed job due meanwhile runs once across both processes.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scheduleCampaign } from "../../bot/app/delivery/jobs.ts";
import { leaseHolder } from "../../prisma/store/leases.ts";
import { campaignCounts } from "../../prisma/store/outbox.ts";
import {
  announceToStudents,
  type DeliveryFixture,
  deliveryFixture,
  exited,
  outcomes,
  startWorkerProcess,
  stopWorkers,
  untilSent,
} from "../support/delivery.ts";

const FULL = process.env.DELIVERY_SCALE === "full";
const STUDENTS = FULL ? 2_000 : 300;
const CONCURRENCY = 8;
async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe(`SIGKILL of the sender halfway through ${STUDENTS} sends`, () => {
  let f: DeliveryFixture;
  let campaignId: number;
  const children: ChildProcess[] = [];
  let killedPid = 0;

  beforeAll(async () => {
    f = await deliveryFixture({ students: STUDENTS, retryAfter: FULL ? [1, 3] : 1 });
    campaignId = (await announceToStudents(f)).campaign.id;
    const faculty = await f.db.unit.findFirstOrThrow({ where: { institutionId: f.institution.id } });
    await f.db.user.createMany({
      data: [1, 2, 3].map((i) => ({
        institutionId: f.institution.id,
        telegramId: String(600 + i),
        role: "dean",
        scopeUnitId: faculty.id,
      })),
    });
    await scheduleCampaign(
      { db: f.db, now: () => new Date() },
      {
        key: "test:deans-reminder",
        institution: f.institution,
        dueAt: new Date(Date.now() + 1_500),
        quietHours: false,
        campaign: { kind: "reminder", category: "reminders", audience: { roles: ["dean"] }, message: { text: "Reminder" } },
      },
    );
    // a longer lease than the other delivery tests: on a starved CI machine a 2 s lease could
    // lapse under the live sender too, and a second takeover resends what it had in flight
    const lease = { SAPAT_SENDER_LEASE_MS: "4000" };
    children.push(startWorkerProcess(f, lease), startWorkerProcess(f, lease));
    const delivered = () => f.students.reduce((n, id) => n + f.api.deliveredCount(id), 0);
    await until(() => delivered() >= STUDENTS * 0.4, 300_000, "40% delivered");
    const holder = await leaseHolder(f.db, `sender:${f.api.token.split(":")[0]}`);
    killedPid = Number(holder?.owner.split(":")[0]);
    const victim = children.find((c) => c.pid === killedPid);
    if (!victim) throw new Error(`the lease holder ${holder?.owner} is not one of the workers`);
    victim.kill("SIGKILL");
    await exited(victim);
    await untilSent(f.db, campaignId, FULL ? 900_000 : 180_000);
    // The deans' reminder is a campaign of its own: the students' one being done says nothing
    // of it (its sends may have been in the killed worker's hands, and wait out the lease too).
    await until(
      async () => (await f.db.job.findUnique({ where: { key: "test:deans-reminder" } }))?.state === "done",
      180_000,
      "the reminder job",
    );
    const reminder = await f.db.campaign.findFirstOrThrow({ where: { idempotencyKey: "job:test:deans-reminder" } });
    await untilSent(f.db, reminder.id, 180_000);
  }, 1_000_000);

  afterAll(async () => {
    await stopWorkers(children);
    await f?.cleanup();
  });

  it("the other worker took over the lease", async () => {
    const holder = await leaseHolder(f.db, `sender:${f.api.token.split(":")[0]}`);
    expect(Number(holder?.owner.split(":")[0])).not.toBe(killedPid);
  });

  it("every reachable student has the message; at most the concurrency got it twice, and the report counts them", async () => {
    const { reachable, unreachable, copies } = outcomes(f);
    const missing = reachable.filter((id) => (copies.get(id) ?? 0) < 1);
    expect(missing).toEqual([]);
    const duplicates = reachable.reduce((n, id) => n + Math.max(0, (copies.get(id) ?? 0) - 1), 0);
    const c = await campaignCounts(f.db, campaignId);
    expect(duplicates).toBeLessThanOrEqual(CONCURRENCY);
    expect(c.resent).toBeGreaterThanOrEqual(duplicates);
    expect(c.resent).toBeLessThanOrEqual(CONCURRENCY);
    expect(c).toMatchObject({ total: STUDENTS, sent: reachable.length, unreachable: unreachable.size, queued: 0, sending: 0 });
  });

  it("the keyed job ran once, though both workers were looking", async () => {
    const job = await f.db.job.findUniqueOrThrow({ where: { key: "test:deans-reminder" } });
    expect({ state: job.state, error: job.error }).toEqual({ state: "done", error: null });
    expect(job.attempts).toBe(1);
    expect(await f.db.campaign.count({ where: { idempotencyKey: "job:test:deans-reminder" } })).toBe(1);
    const reminder = await f.db.campaign.findFirstOrThrow({ where: { idempotencyKey: "job:test:deans-reminder" } });
    const c = await campaignCounts(f.db, reminder.id);
    expect(c).toMatchObject({ total: 3, sent: 3, queued: 0, sending: 0 });
    // A dean's send in flight at the kill is sent again, and the report counts it.
    const copies = [601, 602, 603].map((dean) => f.api.deliveredCount(dean));
    expect(Math.min(...copies)).toBe(1);
    expect(copies.reduce((n, k) => n + k - 1, 0)).toBeLessThanOrEqual(c.resent);
  });
});
