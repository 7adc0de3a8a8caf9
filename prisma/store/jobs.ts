// Durable scheduled jobs: a key runs once. Claiming (claims.ts) gives each due job to one
// worker; a crashed run's lease expires and the job is due again (its work must be
// idempotent: campaigns carry the job's key).
import type { Job } from "../generated/client.ts";
import { type Db, isUniqueViolation, retryBusy } from "./db.ts";

export type { Job };

export interface NewJob {
  key: string;
  kind: string;
  institutionId: number | null;
  payload: string;
  dueAt: Date;
  quietHours: boolean;
}

/** Creates the job unless its key exists; either way returns the stored one. */
export async function scheduleJob(db: Db, job: NewJob): Promise<{ job: Job; created: boolean }> {
  const existing = await db.job.findUnique({ where: { key: job.key } });
  if (existing) return { job: existing, created: false };
  try {
    return { job: await retryBusy(() => db.job.create({ data: job })), created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const raced = await db.job.findUnique({ where: { key: job.key } });
    if (!raced) throw error;
    return { job: raced, created: false };
  }
}

/** Ends a run: done, failed, or due again at a later time (quiet hours, a retry). */
export async function finishJob(
  db: Db,
  id: number,
  owner: string,
  end: { state: "done" | "failed"; at: Date; error?: string } | { state: "due"; dueAt: Date; error?: string },
): Promise<boolean> {
  const data =
    end.state === "due"
      ? { state: "due", dueAt: end.dueAt, error: end.error ?? null, leaseOwner: null, leaseUntil: null }
      : { state: end.state, ranAt: end.at, error: end.error ?? null, leaseOwner: null, leaseUntil: null };
  const r = await retryBusy(() => db.job.updateMany({ where: { id, leaseOwner: owner, state: "running" }, data }));
  return r.count === 1;
}
