// The outbox: campaigns and one delivery row per recipient. Created together in one
// transaction; the sender claims due rows under a lease (claims.ts) and records every result here.
import type { Campaign, Delivery, Prisma } from "../generated/client.ts";
import { type Db, insertRows, isUniqueViolation, type PrismaClient, retryBusy, writeTransaction } from "./db.ts";

export type { Campaign, Delivery };

export interface RecipientFilter {
  /** whether the filters below select (false: only `telegramIds`) */
  byFilter: boolean;
  roles?: string[];
  /** scope units (subtrees already expanded); undefined = any */
  unitIds?: number[];
  courses?: number[];
  forms?: string[];
  groups?: string[];
  telegramIds?: string[];
}

export interface Recipient {
  userId: number;
  telegramId: string;
  role: string;
  scopeUnitId: number | null;
  language: string | null;
  unreachableReason: string | null;
  /** students: where they stand (a survey keeps it as it was at launch) */
  course: number | null;
  form: string | null;
  groupName: string | null;
}

const RECIPIENT = {
  id: true,
  telegramId: true,
  role: true,
  scopeUnitId: true,
  language: true,
  unreachableReason: true,
  course: true,
  form: true,
  groupName: true,
} as const;

/** Active users of the institution the filter selects, in id order. */
export async function findRecipients(db: Db, institutionId: number, f: RecipientFilter): Promise<Recipient[]> {
  const filter: Prisma.UserWhereInput = {
    ...(f.roles?.length ? { role: { in: f.roles } } : {}),
    ...(f.unitIds ? { scopeUnitId: { in: f.unitIds } } : {}),
    ...(f.courses?.length ? { course: { in: f.courses } } : {}),
    ...(f.forms?.length ? { form: { in: f.forms } } : {}),
    ...(f.groups?.length ? { groupName: { in: f.groups } } : {}),
  };
  const or: Prisma.UserWhereInput[] = [];
  if (f.byFilter) or.push(filter);
  if (f.telegramIds?.length) or.push({ telegramId: { in: f.telegramIds } });
  if (or.length === 0) return [];
  // no filter at all is everyone: Prisma reads `OR: [{}]` as matching nothing
  const everyone = f.byFilter && Object.keys(filter).length === 0;
  const users = await db.user.findMany({
    where: { institutionId, revokedAt: null, ...(everyone ? {} : { OR: or }) },
    select: RECIPIENT,
    orderBy: { id: "asc" },
  });
  return users.map(({ id, ...u }) => ({ userId: id, ...u }));
}

export interface NewCampaign {
  institutionId: number;
  kind: string;
  category: string;
  audience: string;
  message: string;
  idempotencyKey: string | null;
  createdBy: string;
  progressChatId?: string | null;
  progressMessageId?: number | null;
}

export interface NewDelivery {
  userId: number;
  chatId: string;
  /** 'queued', or already decided: 'skipped' (opted out), 'unreachable' (known) */
  state: "queued" | "skipped" | "unreachable";
  errorKind: string | null;
  /** JSON of the recipient's own message parameters (a personal link); null for none */
  params?: string | null;
}

/**
 * The campaign and all its deliveries, or nothing. With an idempotency key already used,
 * the earlier campaign is returned and nothing is created (`created: false`).
 */
export async function insertCampaign(
  db: PrismaClient,
  campaign: NewCampaign,
  deliveries: readonly NewDelivery[],
  now: Date,
  /** more writes that belong to the same transaction (a survey's recipients and tokens) */
  also?: (tx: Prisma.TransactionClient) => Promise<void>,
): Promise<{ campaign: Campaign; created: boolean }> {
  const key = campaign.idempotencyKey;
  const existing = async () => (key ? findCampaignByKey(db, key) : null);
  const before = await existing();
  if (before) return { campaign: before, created: false };
  try {
    return await writeTransaction(
      db,
      async (tx) => {
        await also?.(tx);
        const created = await tx.campaign.create({
          data: { ...campaign, status: "sending", total: deliveries.length, createdAt: now },
        });
        await insertRows(
          tx,
          "Delivery",
          deliveries.map((d) => ({
            campaignId: created.id,
            userId: d.userId,
            chatId: d.chatId,
            state: d.state,
            attempts: 0,
            nextAttemptAt: now,
            leaseOwner: null,
            leaseUntil: null,
            messageId: null,
            sentAt: null,
            errorKind: d.errorKind,
            errorText: null,
            resends: 0,
            params: d.params ?? null,
          })),
        );
        if (deliveries.length === 0)
          await tx.campaign.update({ where: { id: created.id }, data: { status: "done", finishedAt: now } });
        return { campaign: created, created: true };
      },
      { timeout: 60_000 },
    );
  } catch (error) {
    // the same key created at the same moment by another process
    const raced = isUniqueViolation(error) ? await existing() : null;
    if (raced) return { campaign: raced, created: false };
    throw error;
  }
}

export async function findCampaign(db: Db, id: number): Promise<Campaign | null> {
  return db.campaign.findUnique({ where: { id } });
}

/** The campaign created with this idempotency key, if any. */
export async function findCampaignByKey(db: Db, idempotencyKey: string): Promise<Campaign | null> {
  return db.campaign.findUnique({ where: { idempotencyKey } });
}

export async function listCampaigns(db: Db, institutionId: number, take = 20): Promise<Campaign[]> {
  return db.campaign.findMany({
    where: { institutionId, status: { not: "draft" } },
    orderBy: { id: "desc" },
    take,
  });
}

export type DeliveryState = "queued" | "sending" | "sent" | "failed" | "unreachable" | "skipped";

export interface CampaignCounts {
  total: number;
  queued: number;
  sending: number;
  sent: number;
  failed: number;
  unreachable: number;
  skipped: number;
  /** sends repeated because an earlier one may have arrived: possible duplicates */
  resent: number;
  /** unreachable by reason */
  reasons: Record<string, number>;
}

export async function campaignCounts(db: Db, campaignId: number): Promise<CampaignCounts> {
  const [byState, byReason, resends] = await Promise.all([
    db.delivery.groupBy({ by: ["state"], where: { campaignId }, _count: { _all: true } }),
    db.delivery.groupBy({ by: ["errorKind"], where: { campaignId, state: "unreachable" }, _count: { _all: true } }),
    db.delivery.aggregate({ where: { campaignId }, _sum: { resends: true } }),
  ]);
  const counts: CampaignCounts = {
    total: 0,
    queued: 0,
    sending: 0,
    sent: 0,
    failed: 0,
    unreachable: 0,
    skipped: 0,
    resent: resends._sum.resends ?? 0,
    reasons: {},
  };
  for (const s of byState) {
    const state = s.state as DeliveryState;
    counts[state] = s._count._all;
    counts.total += s._count._all;
  }
  for (const r of byReason) counts.reasons[r.errorKind ?? "unknown"] = r._count._all;
  return counts;
}

/** Who could not be reached, or whose message failed, with why; in user order. */
export async function undelivered(db: Db, campaignId: number) {
  return db.delivery.findMany({
    where: { campaignId, state: { in: ["unreachable", "failed"] } },
    select: {
      state: true,
      errorKind: true,
      errorText: true,
      chatId: true,
      user: { select: { firstName: true, username: true, role: true, scopeUnit: { select: { code: true } } } },
    },
    orderBy: { userId: "asc" },
  });
}

export type Undelivered = Awaited<ReturnType<typeof undelivered>>[number];

/** Campaigns still sending: the sender reports on them and closes them when nothing is left. */
export async function sendingCampaigns(db: Db): Promise<Campaign[]> {
  return db.campaign.findMany({ where: { status: "sending" }, orderBy: { id: "asc" } });
}

export async function finishCampaign(db: Db, id: number, now: Date): Promise<boolean> {
  const r = await retryBusy(() =>
    db.campaign.updateMany({ where: { id, status: "sending" }, data: { status: "done", finishedAt: now } }),
  );
  return r.count === 1;
}

export async function noteProgressEdit(db: Db, id: number, at: Date): Promise<void> {
  await retryBusy(() => db.campaign.update({ where: { id }, data: { progressEditedAt: at } }));
}

// ───────────── the sender's side ─────────────

/**
 * After a sender died: its leases are let go, and whatever it was sending is queued again
 * and counted as a possible duplicate (the call may have reached Telegram).
 */
export async function recoverAbandoned(db: PrismaClient, owner: string): Promise<{ requeued: number; released: number }> {
  return writeTransaction(db, async (tx) => {
    const requeued = await tx.delivery.updateMany({
      where: { state: "sending", NOT: { leaseOwner: owner } },
      data: { state: "queued", leaseOwner: null, leaseUntil: null, resends: { increment: 1 } },
    });
    const released = await tx.delivery.updateMany({
      where: { state: "queued", leaseOwner: { not: null }, NOT: { leaseOwner: owner } },
      data: { leaseOwner: null, leaseUntil: null },
    });
    return { requeued: requeued.count, released: released.count };
  });
}

/** The call is about to go out: from here on a crash means "may have arrived". */
export async function markSending(db: Db, id: number, owner: string): Promise<boolean> {
  const r = await retryBusy(() =>
    db.delivery.updateMany({
      where: { id, leaseOwner: owner, state: "queued" },
      data: { state: "sending", attempts: { increment: 1 } },
    }),
  );
  return r.count === 1;
}

export async function markSent(db: Db, id: number, messageId: number, now: Date): Promise<void> {
  await retryBusy(() =>
    db.delivery.update({
      where: { id },
      data: { state: "sent", messageId, sentAt: now, leaseOwner: null, leaseUntil: null, errorKind: null, errorText: null },
    }),
  );
}

/** Back in the queue: after a 429 (`countAttempt` false) or a transient failure. */
export async function markRetry(
  db: Db,
  id: number,
  next: { at: Date; countAttempt: boolean; errorKind?: string; errorText?: string; mayHaveArrived?: boolean },
): Promise<void> {
  await retryBusy(() =>
    db.delivery.update({
      where: { id },
      data: {
        state: "queued",
        nextAttemptAt: next.at,
        leaseOwner: null,
        leaseUntil: null,
        ...(next.countAttempt ? {} : { attempts: { decrement: 1 } }),
        ...(next.errorKind ? { errorKind: next.errorKind, errorText: next.errorText ?? null } : {}),
        ...(next.mayHaveArrived ? { resends: { increment: 1 } } : {}),
      },
    }),
  );
}

export async function markFailed(db: Db, id: number, errorKind: string, errorText: string): Promise<void> {
  await retryBusy(() =>
    db.delivery.update({ where: { id }, data: { state: "failed", errorKind, errorText, leaseOwner: null, leaseUntil: null } }),
  );
}

/** Unreachable on the delivery and on the user, at once. */
export async function markUnreachable(
  db: PrismaClient,
  delivery: { id: number; userId: number },
  reason: string,
  text: string,
  now: Date,
): Promise<void> {
  await writeTransaction(db, async (tx) => {
    await tx.delivery.update({
      where: { id: delivery.id },
      data: { state: "unreachable", errorKind: reason, errorText: text, leaseOwner: null, leaseUntil: null },
    });
    await tx.user.update({ where: { id: delivery.userId }, data: { unreachableReason: reason, unreachableAt: now } });
  });
}

/** A user who wrote to the bot (or unblocked it) can be reached again. */
export async function markReachable(db: Db, userId: number): Promise<void> {
  await retryBusy(() => db.user.update({ where: { id: userId }, data: { unreachableReason: null, unreachableAt: null } }));
}

/** Sets (or with nulls clears) why an account cannot be reached. */
export async function markUserUnreachable(db: Db, telegramId: string, reason: string | null, now: Date | null): Promise<void> {
  await retryBusy(() => db.user.updateMany({ where: { telegramId }, data: { unreachableReason: reason, unreachableAt: now } }));
}
