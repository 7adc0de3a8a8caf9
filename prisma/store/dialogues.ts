// Step-by-step entries in progress, one per chat, kept in the database so a restart or a
// second bot process loses nothing typed.
import { type Db, retryBusy } from "./db.ts";

export interface DialogueRow {
  chatId: string;
  kind: string;
  step: string;
  /** JSON of what was entered so far */
  data: string;
  updatedAt: Date;
}

/** The chat's dialogue if it was touched since `since` (older ones count as abandoned). */
export async function findDialogue(db: Db, chatId: string, since: Date): Promise<DialogueRow | null> {
  return db.dialogue.findFirst({ where: { chatId, updatedAt: { gte: since } } });
}

export async function saveDialogue(db: Db, row: Omit<DialogueRow, "updatedAt">, now: Date): Promise<void> {
  await retryBusy(() =>
    db.dialogue.upsert({
      where: { chatId: row.chatId },
      create: { ...row, updatedAt: now },
      update: { kind: row.kind, step: row.step, data: row.data, updatedAt: now },
    }),
  );
}

export async function endDialogue(db: Db, chatId: string): Promise<void> {
  await retryBusy(() => db.dialogue.deleteMany({ where: { chatId } }));
}
