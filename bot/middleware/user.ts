import i18next from "i18next";
import type { MiddlewareFn } from "telegraf";
import { identify } from "../app/access/identify.ts";
import type { SapatContext } from "../context.ts";
import { isLanguage, languageFrom } from "../present/i18n.ts";

/** Loads the bound user, their access and institution, and their language. */
export const loadUser: MiddlewareFn<SapatContext> = async (ctx, next) => {
  Object.assign(ctx, await identify(ctx.deps.db, ctx.from ? String(ctx.from.id) : undefined));
  setLanguage(ctx, ctx.user?.language);
  await next();
};

export function setLanguage(ctx: SapatContext, stored: string | null | undefined): void {
  ctx.lng = isLanguage(stored) ? stored : languageFrom(ctx.from?.language_code);
  // createBot awaits initI18n() before any update arrives
  ctx.t = i18next.getFixedT(ctx.lng);
}
