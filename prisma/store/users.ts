// Users, invites and the one scope lookup every read goes through.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { type Access, ROLES, type Role, type Scope } from "../../core/index.ts";
import type { Invite, Prisma, User } from "../generated/client.ts";
import { type Db, type PrismaClient, retryBusy, writeTransaction } from "./db.ts";
import { unitSubtree } from "./institutions.ts";

/** A user with what every update needs: the scope unit and the institution. */
export const WITH_SCOPE = { scopeUnit: true, institution: true } as const;
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

/** What a student joining with an invite gets (audiences select on it); null where not given. */
export interface StudentFields {
  course?: number | null;
  form?: string | null;
  groupName?: string | null;
}

/** A code for one person (maxUses 1, the default) or a group: up to maxUses accounts may join with it. */
export async function createInvite(
  db: Db,
  input: {
    institutionId: number;
    role: Role;
    scopeUnitId: number | null;
    expiresAt: Date;
    createdBy: string;
    maxUses?: number;
    /** a group's join link: students give their id on the roster of groupName */
    roster?: boolean;
  } & StudentFields,
): Promise<{ code: string; invite: Invite }> {
  const code = newCode();
  const { maxUses = 1, course = null, form = null, groupName = null, ...rest } = input;
  if (!Number.isInteger(maxUses) || maxUses < 1) throw new RangeError(`maxUses must be a positive integer, got ${maxUses}`);
  const data = { ...rest, maxUses, course, form, groupName, codeHash: hashCode(code) };
  const invite = await retryBusy(() => db.invite.create({ data }));
  return { code, invite };
}

/** Invites of an institution, newest first, with their scope unit. */
export async function listInvites(
  db: Db,
  institutionId: number,
): Promise<Prisma.InviteGetPayload<{ include: { scopeUnit: true } }>[]> {
  return db.invite.findMany({
    where: { institutionId },
    include: { scopeUnit: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
}

export type RedeemResult =
  | { ok: true; user: UserWithScope; already: boolean }
  | { ok: false; reason: "unknown" | "used" | "expired" };

/**
 * Binds a Telegram account with a code, taking one of its uses (a single-use code has one).
 * The one gate is the claim, a conditional update (`uses < maxUses`, not expired): of N + 1
 * chats sending an N-use code at the same moment exactly N are bound, whatever each read
 * before (what was read only words a refusal). `already` means nothing changed and no
 * use was taken: the account this code bound sends it again (Telegram redelivers an update
 * whose answer was cut off), as long as that binding is still active, or — multi-use codes
 * only — an account that is already active through another invite or the console clicks a
 * link shared with a group: it keeps its own role rather than being rebound by it. A
 * single-use code is meant for its one recipient and rebinds an active account, as before.
 * An account revoked after joining with a code cannot come back through it.
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
    const existing = await tx.user.findUnique({ where: { telegramId: account.telegramId }, include: WITH_SCOPE });
    if (existing && existing.inviteId === invite.id)
      return existing.revokedAt === null ? { ok: true, user: existing, already: true } : { ok: false, reason: "used" };
    if (invite.revokedAt !== null) return { ok: false, reason: "expired" };
    const open = invite.uses < invite.maxUses && invite.expiresAt > now; // as read: only the claim below decides
    if (open && invite.maxUses > 1 && existing && existing.revokedAt === null) return { ok: true, user: existing, already: true };
    const claimed = await tx.invite.updateMany({
      where: { id: invite.id, uses: { lt: invite.maxUses }, expiresAt: { gt: now }, revokedAt: null },
      data: { uses: { increment: 1 }, usedAt: now },
    });
    if (claimed.count !== 1)
      return { ok: false, reason: invite.uses < invite.maxUses && invite.expiresAt <= now ? "expired" : "used" };
    const data = {
      institutionId: invite.institutionId,
      role: invite.role,
      scopeUnitId: invite.scopeUnitId,
      course: invite.course,
      form: invite.form,
      groupName: invite.groupName,
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

/** Who a Telegram id is, for history and audit lines: name and username of the accounts stored. */
export async function peopleByTelegramId(
  db: Db,
  telegramIds: readonly string[],
): Promise<Map<string, { firstName: string | null; username: string | null }>> {
  const ids = [...new Set(telegramIds)].filter((id) => /^\d+$/.test(id));
  if (!ids.length) return new Map();
  const rows = await db.user.findMany({
    where: { telegramId: { in: ids } },
    select: { telegramId: true, firstName: true, username: true },
  });
  return new Map(rows.map((r) => [r.telegramId, { firstName: r.firstName, username: r.username }]));
}
