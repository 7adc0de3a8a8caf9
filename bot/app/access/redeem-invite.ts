// /start CODE: binds a Telegram account with an invite (one person, or up to its uses for a group), once.
import { z } from "zod";
import { fail, type Outcome, ok, problem } from "../../../core/index.ts";
import { redeemInvite } from "../../../prisma/store/users.ts";
import type { AppDeps } from "../deps.ts";
import { type Identity, identityOf } from "./identify.ts";

/** What Telegram's /start parameter may hold (A-Z a-z 0-9 _ -, ≤ 64). */
const code = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

const REASON = { unknown: "inviteUnknown", used: "inviteUsed", expired: "inviteExpired" } as const;

/**
 * Who the account is now; `already` when nothing changed: this code had bound this very
 * account before, or a group link was opened by someone already in.
 */
export interface Redeemed extends Identity {
  already: boolean;
}

export async function redeem(
  deps: AppDeps,
  text: string,
  account: { telegramId: string; firstName?: string | null; username?: string | null },
): Promise<Outcome<Redeemed>> {
  const parsed = code.safeParse(text);
  if (!parsed.success) return fail(problem(REASON.unknown));
  const r = await redeemInvite(deps.db, parsed.data, account, deps.now());
  if (!r.ok) return fail(problem(REASON[r.reason]));
  return ok({ ...(await identityOf(deps.db, r.user)), already: r.already });
}
