// Who a Telegram account is: the bound user, their role and scope, their institution.
import { accessOf, activeUser, type UserWithScope } from "../../../prisma/store/users.ts";
import type { Actor, Db } from "../deps.ts";

export type { UserWithScope };

export interface Identity extends Actor {
  user: UserWithScope | null;
}

export async function identify(db: Db, telegramId: string | undefined): Promise<Identity> {
  const user = telegramId ? await activeUser(db, telegramId) : null;
  return identityOf(db, user);
}

export async function identityOf(db: Db, user: UserWithScope | null): Promise<Identity> {
  return { user, access: user ? await accessOf(db, user) : null, institution: user?.institution ?? null };
}
