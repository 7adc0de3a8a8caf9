// What every use case is handed: the database, the clock, and who is asking.
import type { Access } from "../../core/index.ts";
import type { Institution } from "../../prisma/generated/client.ts";
import { type Db, isBusy, isUnreachable, type PrismaClient } from "../../prisma/store/db.ts";

export { DatabaseBusyError } from "../../prisma/store/db.ts";
export type { Db, Institution, PrismaClient };

export interface AppDeps {
  db: PrismaClient;
  /** the one clock: invites, deadlines, reminders and expiry decide by it; tests set it */
  now: () => Date;
}

/** Who is asking: role and scope, and their institution; nulls for a stranger. */
export interface Actor {
  access: Access | null;
  institution: Institution | null;
}

/** Whether a failure is another writer holding the database, after the store's retries. */
export function isDatabaseBusy(error: unknown): boolean {
  return isBusy(error);
}

/** Whether a failure is the database server out of reach (PostgreSQL down or restarting). */
export function isDatabaseUnreachable(error: unknown): boolean {
  return isUnreachable(error);
}
