// Drafts of /announce: a Campaign row with status 'draft' and the step it waits on, one
// per person (createdBy), so what was typed survives a restart. A draft has no deliveries;
// sending it creates the real campaign (outbox.ts) and deletes the draft.
import type { Campaign } from "../generated/client.ts";
import { type Db, type PrismaClient, retryBusy, writeTransaction } from "./db.ts";

export type DraftRow = Campaign;

export interface NewDraft {
  institutionId: number;
  createdBy: string;
  kind: string;
  category: string;
  step: string;
  /** JSON, "null" until known */
  audience: string;
  message: string;
}

export interface DraftChange {
  step?: string;
  audience?: string;
  message?: string;
}

/**
 * The person's draft started at or after `since` (older ones count as abandoned). One
 * query on the (createdBy, status) index: cheap enough to run for every message an
 * announcer writes.
 */
export async function findDraft(db: Db, createdBy: string, since: Date): Promise<DraftRow | null> {
  return db.campaign.findFirst({
    where: { createdBy, status: "draft", createdAt: { gte: since } },
    orderBy: { id: "desc" },
  });
}

/** One draft of this person by id (a button names the draft it belongs to). */
export async function findDraftById(db: Db, id: number, createdBy: string, since: Date): Promise<DraftRow | null> {
  return db.campaign.findFirst({ where: { id, createdBy, status: "draft", createdAt: { gte: since } } });
}

/**
 * A new draft in place of the person's earlier ones; drafts anybody abandoned before
 * `staleBefore` go too. `replaced`: a draft still in progress was thrown away.
 */
export async function replaceDraft(
  db: PrismaClient,
  draft: NewDraft,
  now: Date,
  staleBefore: Date,
): Promise<{ draft: DraftRow; replaced: boolean }> {
  return writeTransaction(db, async (tx) => {
    const mine = await tx.campaign.deleteMany({
      where: { createdBy: draft.createdBy, status: "draft", createdAt: { gte: staleBefore } },
    });
    await tx.campaign.deleteMany({ where: { status: "draft", createdAt: { lt: staleBefore } } });
    const { step, ...rest } = draft;
    const created = await tx.campaign.create({
      data: { ...rest, draftStep: step, status: "draft", total: 0, createdAt: now },
    });
    return { draft: created, replaced: mine.count > 0 };
  });
}

/** Moves a draft on; null when it is no longer a draft (sent, cancelled, replaced). */
export async function updateDraft(db: Db, id: number, change: DraftChange): Promise<DraftRow | null> {
  const { step, ...rest } = change;
  const r = await retryBusy(() =>
    db.campaign.updateMany({
      where: { id, status: "draft" },
      data: { ...rest, ...(step === undefined ? {} : { draftStep: step }) },
    }),
  );
  if (r.count !== 1) return null;
  return db.campaign.findUnique({ where: { id } });
}

/** Deletes the person's draft; false when there was none by that id. */
export async function deleteDraft(db: Db, id: number, createdBy: string): Promise<boolean> {
  const r = await retryBusy(() => db.campaign.deleteMany({ where: { id, createdBy, status: "draft" } }));
  return r.count > 0;
}
