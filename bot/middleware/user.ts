import type { MiddlewareFn } from "telegraf";
import { accessOf, activeUser } from "../../prisma/users.ts";
import type { SapatContext } from "../context.ts";
import { initI18n, isLanguage, languageFrom } from "../i18n.ts";

/** Loads the bound user, their access and institution, and their language. */
export const loadUser: MiddlewareFn<SapatContext> = async (ctx, next) => {
  const { db } = ctx.deps;
  ctx.user = ctx.from ? await activeUser(db, String(ctx.from.id)) : null;
  ctx.access = ctx.user ? await accessOf(db, ctx.user) : null;
  ctx.institution = ctx.user ? await db.institution.findUnique({ where: { id: ctx.user.institutionId } }) : null;
  setLanguage(ctx, ctx.user?.language);
  await next();
};

export function setLanguage(ctx: SapatContext, stored: string | null | undefined): void {
  ctx.lng = isLanguage(stored) ? stored : languageFrom(ctx.from?.language_code);
  ctx.t = i18nInstance().getFixedT(ctx.lng);
}

let instance: Awaited<ReturnType<typeof initI18n>> | undefined;
function i18nInstance() {
  if (!instance) throw new Error("i18n is not initialised: createBot awaits initI18n()");
  return instance;
}
export async function ensureI18n(): Promise<void> {
  instance = await initI18n();
}
