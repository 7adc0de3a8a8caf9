// Whether this deployment is doing its job, as /healthz reports it: the database answers
// (within a bound: a hung database is a failed probe, not a hung one), and deliveries that
// are due are being sent — someone holds the sender's lease, and the oldest due delivery
// has not waited longer than the bound. The queue and the sender are the deployment's, not
// this process's: every instance reports the same.

import { outboxBacklog, pingDatabase } from "../../../prisma/store/health.ts";
import { leaseHolder } from "../../../prisma/store/leases.ts";
import type { AppDeps } from "../deps.ts";
import { within } from "./within.ts";

export interface HealthOptions {
  /** the sender's lease (senderLeaseName) */
  senderLease: string;
  /** a due delivery waiting longer than this fails the check, ms */
  maxQueueAgeMs: number;
  /** the database must answer within this, ms */
  databaseTimeoutMs: number;
}

/** Why a check failed. */
export type HealthFailure = "database" | "noSender" | "queueStale";

export interface HealthReport {
  status: "ok" | "fail";
  failures: HealthFailure[];
  database: { ok: boolean; ms: number };
  /** ok: a sender holds the lease unexpired; holder and until of the lease row, if any */
  sender: { ok: boolean; holder: string | null; until: string | null };
  /** nulls when the database did not answer */
  queue: { depth: number | null; due: number | null; oldestSeconds: number | null };
}

export async function checkHealth(deps: AppDeps, options: HealthOptions): Promise<HealthReport> {
  // the probe's own duration, on the process's clock: deps.now may be a test's fixed time
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const down: HealthReport = {
    status: "fail",
    failures: ["database"],
    database: { ok: false, ms: 0 },
    sender: { ok: false, holder: null, until: null },
    queue: { depth: null, due: null, oldestSeconds: null },
  };
  try {
    await within(options.databaseTimeoutMs, () => pingDatabase(deps.db));
  } catch {
    return { ...down, database: { ok: false, ms: elapsed() } };
  }
  const ms = elapsed();
  const now = deps.now();
  let lease: Awaited<ReturnType<typeof leaseHolder>>;
  let backlog: Awaited<ReturnType<typeof outboxBacklog>>;
  try {
    [lease, backlog] = await within(options.databaseTimeoutMs, () =>
      Promise.all([leaseHolder(deps.db, options.senderLease), outboxBacklog(deps.db, now)]),
    );
  } catch {
    // it answered the ping, then not these: a database that stops answering is down
    return { ...down, database: { ok: false, ms: elapsed() } };
  }
  const senderAlive = lease !== null && lease.until.getTime() > now.getTime();
  const oldestSeconds = backlog.oldestDueAt ? Math.max(0, (now.getTime() - backlog.oldestDueAt.getTime()) / 1000) : 0;
  const failures: HealthFailure[] = [];
  if (backlog.due > 0 && !senderAlive) failures.push("noSender");
  if (oldestSeconds * 1000 > options.maxQueueAgeMs) failures.push("queueStale");
  return {
    status: failures.length ? "fail" : "ok",
    failures,
    database: { ok: true, ms },
    sender: { ok: senderAlive, holder: lease?.owner ?? null, until: lease?.until.toISOString() ?? null },
    queue: { depth: backlog.queued, due: backlog.due, oldestSeconds: Math.round(oldestSeconds) },
  };
}
