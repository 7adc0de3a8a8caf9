// What a user chooses for themselves.
import { setLanguage } from "../../../prisma/store/users.ts";
import type { Db } from "../deps.ts";

export async function chooseLanguage(db: Db, userId: number, language: string): Promise<void> {
  await setLanguage(db, userId, language);
}
