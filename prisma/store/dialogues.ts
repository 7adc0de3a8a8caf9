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

/** The dialogue a confirmation was pressed on is gone or changed: it was confirmed (or edited) already. */
export class DialogueClaimLost extends Error {
  constructor() {
    super("the dialogue was confirmed, changed or ended by another update");
    this.name = "DialogueClaimLost";
  }
}

/** What a confirmation claims: the chat's dialogue exactly as it was read. */
export interface DialogueClaim {
  chatId: string;
  /** the stored data, as read: any change since (another press, an edit) makes the claim fail */
  data: string;
}

/**
 * Ends the dialogue as it was read, inside the write's transaction: of two confirmations
 * (a double tap, two bot processes) one finds it and writes, the other throws
 * DialogueClaimLost and rolls back.
 */
export async function claimDialogue(db: Db, claim: DialogueClaim): Promise<void> {
  const { count } = await db.dialogue.deleteMany({ where: { chatId: claim.chatId, data: claim.data } });
  if (count === 0) throw new DialogueClaimLost();
}
