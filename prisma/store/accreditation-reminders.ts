// What the accreditation reminders read and keep: the institution's lead times (a Setting),
// the programme leader, the reminder jobs still to run, and the reminders sent in a week with
// what became of each delivery (for the quality department's weekly summary).
import type { Db } from "./db.ts";
import { getSetting, putSetting } from "./users.ts";

const leadsKey = (institutionId: number) => `accreditation.leadMonths:${institutionId}`;

/** The stored lead months ("12,6,3,1"); null when never set. */
export async function storedLeadMonths(db: Db, institutionId: number): Promise<number[] | null> {
  const raw = await getSetting(db, leadsKey(institutionId));
  if (!raw) return null;
  const months = raw.split(",").map(Number);
  return months.every((n) => Number.isInteger(n) && n > 0) ? months : null;
}

export async function putLeadMonths(db: Db, institutionId: number, months: readonly number[]): Promise<void> {
  await putSetting(db, leadsKey(institutionId), months.join(","));
}

/** A programme's leader who can still be written to: his Telegram id; null when none or gone. */
export async function leaderTelegramId(db: Db, institutionId: number, userId: number | null): Promise<string | null> {
  if (userId === null) return null;
  const u = await db.user.findFirst({ where: { id: userId, institutionId, revokedAt: null }, select: { telegramId: true } });
  return u?.telegramId ?? null;
}

/** The programme an accreditation decision is about (null: institutional, or no such decision). */
export async function accreditationProgrammeId(db: Db, institutionId: number, id: number): Promise<number | null> {
  const a = await db.accreditation.findFirst({ where: { id, institutionId }, select: { programmeId: true } });
  return a?.programmeId ?? null;
}

export interface PendingReminder {
  key: string;
  dueAt: Date;
  payload: string;
}

/** The reminder jobs still to run, soonest first. */
export async function pendingReminderJobs(db: Db, institutionId: number, kind: string): Promise<PendingReminder[]> {
  return db.job.findMany({
    where: { institutionId, kind, state: "due" },
    select: { key: true, dueAt: true, payload: true },
    orderBy: { dueAt: "asc" },
  });
}

export interface SentReminder {
  campaignId: number;
  idempotencyKey: string | null;
  message: string;
  createdAt: Date;
  deliveries: { name: string; state: string; errorKind: string | null }[];
}

/** Campaigns of a kind created in [from, to), with each recipient's name and delivery state. */
export async function campaignsSent(db: Db, institutionId: number, kind: string, from: Date, to: Date): Promise<SentReminder[]> {
  const rows = await db.campaign.findMany({
    where: { institutionId, kind, createdAt: { gte: from, lt: to } },
    include: { deliveries: { include: { user: { select: { firstName: true, username: true, telegramId: true } } } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((c) => ({
    campaignId: c.id,
    idempotencyKey: c.idempotencyKey,
    message: c.message,
    createdAt: c.createdAt,
    deliveries: c.deliveries
      .map((d) => ({
        name: d.user.firstName ?? (d.user.username ? `@${d.user.username}` : d.user.telegramId),
        state: d.state,
        errorKind: d.errorKind,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  }));
}

/** The institution's admins (the quality department) who can still be written to. */
export async function adminTelegramIds(db: Db, institutionId: number): Promise<string[]> {
  const rows = await db.user.findMany({
    where: { institutionId, role: "admin", revokedAt: null },
    select: { telegramId: true },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => r.telegramId);
}

/** Every institution's id (the worker plans each one's reminders). */
export async function institutionIds(db: Db): Promise<number[]> {
  return (await db.institution.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((i) => i.id);
}
