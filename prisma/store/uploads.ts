// Spreadsheets sent to the bot, from the preview to the confirmation: the bytes are kept, so
// a restart in between loses nothing and Confirm writes exactly what was previewed. A claim
// (pending → writing) lets one confirmation through however often the button is pressed.
import type { Upload } from "../generated/client.ts";
import { type Db, type PrismaClient, retryBusy, writeTransaction } from "./db.ts";

export type UploadRow = Upload;

export interface NewUpload {
  institutionId: number;
  telegramId: string;
  fileName: string;
  sha256: string;
  kind: string;
  bytes: Uint8Array;
}

export interface UploadFigures {
  metric: string;
  term: string | null;
  form: string | null;
}

/** A new upload; everyone's uploads from before `staleBefore` go (they can no longer be confirmed). */
export async function saveUpload(db: PrismaClient, upload: NewUpload, now: Date, staleBefore: Date): Promise<UploadRow> {
  return writeTransaction(db, async (tx) => {
    await tx.upload.deleteMany({ where: { createdAt: { lt: staleBefore }, status: { not: "writing" } } });
    return tx.upload.create({ data: { ...upload, bytes: Buffer.from(upload.bytes), createdAt: now } });
  });
}

/** The sender's upload by id, sent at or after `since`; null when it is not theirs or too old. */
export async function findUpload(db: Db, id: number, telegramId: string, since: Date): Promise<UploadRow | null> {
  return db.upload.findFirst({ where: { id, telegramId, createdAt: { gte: since } } });
}

/** What a figures file's percentages are; false when the upload is no longer waiting. */
export async function setUploadFigures(db: Db, id: number, figures: UploadFigures): Promise<boolean> {
  const r = await retryBusy(() => db.upload.updateMany({ where: { id, status: "pending" }, data: figures }));
  return r.count === 1;
}

/**
 * Takes a pending upload for writing; false when another press took it, or it was decided
 * already. A claim from before `abandonedBefore` still "writing" was cut off (a crash: the
 * import is one transaction, so nothing of it was written) and may be taken again.
 */
export async function claimUpload(db: Db, id: number, now: Date, abandonedBefore: Date): Promise<boolean> {
  const r = await retryBusy(() =>
    db.upload.updateMany({
      where: { id, OR: [{ status: "pending" }, { status: "writing", claimedAt: { lt: abandonedBefore } }] },
      data: { status: "writing", claimedAt: now },
    }),
  );
  return r.count === 1;
}

/** After the write: written (with the import it made), or back to pending when nothing was written. */
export async function settleUpload(db: Db, id: number, outcome: { importId: number | null } | "pending"): Promise<void> {
  const data = outcome === "pending" ? { status: "pending" } : { status: "written", importId: outcome.importId };
  await retryBusy(() => db.upload.updateMany({ where: { id, status: "writing" }, data }));
}

/** Cancel: the upload is kept as cancelled (nothing of it was written); false when it was decided already. */
export async function cancelUpload(db: Db, id: number): Promise<boolean> {
  const r = await retryBusy(() => db.upload.updateMany({ where: { id, status: "pending" }, data: { status: "cancelled" } }));
  return r.count === 1;
}
