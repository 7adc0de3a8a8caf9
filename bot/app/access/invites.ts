// Onboarding from the quality department: invites, the users they made, revoking.
import type { Role } from "../../../core/index.ts";
import {
  createInvite,
  getSetting,
  listUsers,
  putSetting,
  revokeUser,
  setLanguage,
  type UserWithScope,
  upsertLocalUser,
} from "../../../prisma/store/users.ts";
import type { AppDeps, Db } from "../deps.ts";

/** Where the bot's username is kept: the CLI builds invite links from it. */
const BOT_USERNAME_SETTING = "bot.username";

export async function rememberBotUsername(db: Db, username: string): Promise<void> {
  await putSetting(db, BOT_USERNAME_SETTING, username);
}

export async function botUsername(db: Db): Promise<string | null> {
  return getSetting(db, BOT_USERNAME_SETTING);
}

export interface NewInvite {
  institutionId: number;
  role: Role;
  scopeUnitId: number | null;
  expiresInMs: number;
  createdBy: string;
}

/** A single-use code and its expiry; only its hash is stored. */
export async function issueInvite(deps: AppDeps, input: NewInvite): Promise<{ code: string; expiresAt: Date }> {
  const { expiresInMs, ...rest } = input;
  const expiresAt = new Date(deps.now().getTime() + expiresInMs);
  const { code } = await createInvite(deps.db, { ...rest, expiresAt });
  return { code, expiresAt };
}

export function usersOf(db: Db, institutionId: number): Promise<UserWithScope[]> {
  return listUsers(db, institutionId);
}

export async function revoke(deps: AppDeps, telegramId: string, by: string): Promise<boolean> {
  return (await revokeUser(deps.db, telegramId, by, deps.now())) !== null;
}

/** A user bound directly, not through an invite: the local console's. */
export async function bindLocalUser(
  db: Db,
  input: {
    institutionId: number;
    telegramId: string;
    role: Role;
    scopeUnitId: number | null;
    firstName: string;
    language: string;
  },
): Promise<void> {
  const { language, ...user } = input;
  const stored = await upsertLocalUser(db, user);
  await setLanguage(db, stored.id, language);
}
