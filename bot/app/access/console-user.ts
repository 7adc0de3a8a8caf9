// The users the local console makes: a stable, made-up Telegram id per role and unit, so
// repeated runs reuse one user, and the demo can tell them from real people.
import { createHash } from "node:crypto";
import type { Role } from "../../../core/index.ts";

export interface ConsoleIdentity {
  role: Role;
  unit: string | null;
}

/** In 9e9…1e10: not what Telegram gives people today, and derived from role and unit, so it can be recognised. */
export function consoleTelegramId(who: ConsoleIdentity): number {
  const digest = createHash("sha256")
    .update(`sapat-console:${who.role}:${who.unit ?? ""}`)
    .digest();
  return 9_000_000_000 + (digest.readUInt32BE(0) % 1_000_000_000);
}

/** Whether a stored user is one the console made for this role and unit. */
export function isConsoleUser(u: { telegramId: string; role: string; unit: string | null }): boolean {
  return u.telegramId === String(consoleTelegramId({ role: u.role as Role, unit: u.unit }));
}
