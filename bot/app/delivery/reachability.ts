// Whether Telegram will deliver to a person: the sender records refusals; a person who
// writes to the bot, or unblocks it, can be reached again.
import { markReachable, markUserUnreachable } from "../../../prisma/store/outbox.ts";
import type { AppDeps } from "../deps.ts";

/** The user wrote or pressed something: whatever refused before no longer holds. */
export async function reachableAgain(deps: AppDeps, user: { id: number; unreachableReason: string | null }): Promise<void> {
  if (user.unreachableReason) await markReachable(deps.db, user.id);
}

/** Telegram says the user blocked the bot (my_chat_member: kicked) or unblocked it (member). */
export async function chatMemberChanged(deps: AppDeps, telegramId: string, blocked: boolean): Promise<void> {
  if (blocked) await markUserUnreachable(deps.db, telegramId, "blocked", deps.now());
  else await markUserUnreachable(deps.db, telegramId, null, null);
}
