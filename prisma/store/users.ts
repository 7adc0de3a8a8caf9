// Users, invites and the one scope lookup every read goes through.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { type Access, ROLES, type Role, type Scope } from "../../core/index.ts";
import type { Invite, Prisma, User } from "../generated/client.ts";
import { type Db, type PrismaClient, retryBusy, writeTransaction } from "./db.ts";
import { unitSubtree } from "./institutions.ts";

/** A user with what every update needs: the scope unit and the institution. */
const WITH_SCOPE = { scopeUnit: true, institution: true } as const;
export type UserWithScope = Prisma.UserGetPayload<{ include: typeof WITH_SCOPE }>;

const role = z.enum(ROLES);

export function roleOf(u: { role: string }): Role {
  return role.parse(u.role);
}

/** Only the hash is stored: a leaked database does not leak usable codes. */
export function hashCode(code: string): string {
  return createHash("sha256").update(code.trim()).digest("hex");
}

/** 16 URL-safe characters: fits Telegram's /start parameter (A-Z a-z 0-9 _ -, ≤ 64). */
export function newCode(): string {
  return randomBytes(12).toString("base64url");
}

export async function createInvite(
  db: Db,
  input: { institutionId: number; role: Role; scopeUnitId: number | null; expiresAt: Date; createdBy: string },
): Promise<{ code: string; invite: Invite }> {
  const code = newCode();
  const invite = await retryBusy(() => db.invite.create({ data: { ...input, codeHash: hashCode(code) } }));
  return { code, invite };
}

export type RedeemResult =
  | { ok: true; user: UserWithScope; already: boolean }
  | { ok: false; reason: "unknown" | "used" | "expired" };

/**
 * Binds a Telegram account with a code, once. The conditional update makes a code that two
 * chats send at the same moment bind only one of them. The same account sending the code
 * again (Telegram redelivers an update whose answer was cut off) is `already` in, as long as
 * that binding is still active; anyone else gets "used".
 */
export async function redeemInvite(
  db: PrismaClient,
  code: string,
  account: { telegramId: string; firstName?: string | null; username?: string | null },
  now = new Date(),
): Promise<RedeemResult> {
  return writeTransaction(db, async (tx) => {
    const invite = await tx.invite.findUnique({ where: { codeHash: hashCode(code) } });
    if (!invite) return { ok: false, reason: "unknown" };
    if (invite.usedAt) {
      const mine = await tx.user.findFirst({
        where: { telegramId: account.telegramId, inviteId: invite.id, revokedAt: null },
        include: WITH_SCOPE,
      });
      return mine ? { ok: true, user: mine, already: true } : { ok: false, reason: "used" };
    }
    if (invite.expiresAt <= now) return { ok: false, reason: "expired" };
    const claimed = await tx.invite.updateMany({ where: { id: invite.id, usedAt: null }, data: { usedAt: now } });
    if (claimed.count !== 1) return { ok: false, reason: "used" };
    const data = {
      institutionId: invite.institutionId,
      role: invite.role,
      scopeUnitId: invite.scopeUnitId,
      inviteId: invite.id,
      firstName: account.firstName ?? null,
      username: account.username ?? null,
      revokedAt: null,
      revokedBy: null,
    };
    const user = await tx.user.upsert({
      where: { telegramId: account.telegramId },
      create: { ...data, telegramId: account.telegramId },
      update: data,
      include: WITH_SCOPE,
    });
    return { ok: true, user, already: false };
  });
}

/** The active (not revoked) user of a Telegram account. */
export async function activeUser(db: Db, telegramId: string): Promise<UserWithScope | null> {
  return db.user.findFirst({ where: { telegramId, revokedAt: null }, include: WITH_SCOPE });
}

/** Role and scope of a user: the unit with its subtree, or the institution. */
export async function accessOf(db: Db, user: UserWithScope): Promise<Access> {
  let scope: Scope = { kind: "institution" };
  if (user.scopeUnit) {
    const units = (await unitSubtree(db, user.institutionId, user.scopeUnit.code)) ?? [user.scopeUnit.code];
    scope = { kind: "unit", unit: user.scopeUnit.code, units };
  }
  return { role: roleOf(user), scope };
}

export async function setLanguage(db: Db, userId: number, language: string): Promise<void> {
  await retryBusy(() => db.user.update({ where: { id: userId }, data: { language } }));
}

export async function listUsers(db: Db, institutionId: number): Promise<UserWithScope[]> {
  return db.user.findMany({ where: { institutionId }, include: WITH_SCOPE, orderBy: { id: "asc" } });
}

/** Revoking keeps the row (who had access, and when, stays on record). */
export async function revokeUser(db: PrismaClient, telegramId: string, by: string, now = new Date()): Promise<User | null> {
  return writeTransaction(db, async (tx) => {
    const user = await tx.user.findFirst({ where: { telegramId, revokedAt: null } });
    if (!user) return null;
    return tx.user.update({ where: { id: user.id }, data: { revokedAt: now, revokedBy: by } });
  });
}

/** A user created directly (the local console), not through an invite. */
export async function upsertLocalUser(
  db: Db,
  input: { institutionId: number; telegramId: string; role: Role; scopeUnitId: number | null; firstName: string },
): Promise<UserWithScope> {
  const data = { ...input, revokedAt: null, revokedBy: null };
  return retryBusy(() =>
    db.user.upsert({
      where: { telegramId: input.telegramId },
      create: data,
      update: data,
      include: WITH_SCOPE,
    }),
  );
}

export async function getSetting(db: Db, key: string): Promise<string | null> {
  return (await db.setting.findUnique({ where: { key } }))?.value ?? null;
}

export async function putSetting(db: Db, key: string, value: string): Promise<void> {
  await retryBusy(() => db.setting.upsert({ where: { key }, create: { key, value }, update: { value } }));
}
