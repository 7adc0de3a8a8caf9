// Onboarding from the quality department: invites, the users they made, revoking.
import type { Role } from "../../../core/index.ts";
import {
  createInvite,
  getSetting,
  listInvites,
  listUsers,
  putSetting,
  revokeUser,
  type StudentFields,
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

export interface NewInvite extends StudentFields {
  institutionId: number;
  role: Role;
  scopeUnitId: number | null;
  expiresInMs: number;
  createdBy: string;
  /** how many people may join with it; default 1 */
  maxUses?: number;
}

/** A code for one person or a group and its expiry; only its hash is stored. */
export async function issueInvite(deps: AppDeps, input: NewInvite): Promise<{ code: string; expiresAt: Date }> {
  const { expiresInMs, ...rest } = input;
  const expiresAt = new Date(deps.now().getTime() + expiresInMs);
  const { code } = await createInvite(deps.db, { ...rest, expiresAt });
  return { code, expiresAt };
}

export type InviteStatus = "active" | "used-up" | "expired" | "revoked";

export interface InviteRow {
  id: number;
  role: string;
  /** the unit code, or null for the whole institution */
  scope: string | null;
  course: number | null;
  form: string | null;
  groupName: string | null;
  uses: number;
  maxUses: number;
  createdAt: Date;
  createdBy: string;
  expiresAt: Date;
  status: InviteStatus;
  /** a group's join link (students give their roster id) */
  roster: boolean;
}

/** Revoked wins, then used up over expired: a code nobody can join with any more because everyone did. */
export function inviteStatus(
  invite: { uses: number; maxUses: number; expiresAt: Date; revokedAt?: Date | null },
  now: Date,
): InviteStatus {
  if (invite.revokedAt) return "revoked";
  if (invite.uses >= invite.maxUses) return "used-up";
  return invite.expiresAt <= now ? "expired" : "active";
}

/** The institution's invites, newest first, each with its uses and status now. */
export async function invitesOf(deps: AppDeps, institutionId: number): Promise<InviteRow[]> {
  const now = deps.now();
  return (await listInvites(deps.db, institutionId)).map((i) => ({
    id: i.id,
    role: i.role,
    scope: i.scopeUnit?.code ?? null,
    course: i.course,
    form: i.form,
    groupName: i.groupName,
    uses: i.uses,
    maxUses: i.maxUses,
    createdAt: i.createdAt,
    createdBy: i.createdBy,
    expiresAt: i.expiresAt,
    status: inviteStatus(i, now),
    roster: i.roster,
  }));
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
