// Onboarding: /start <code> binds the account once; strangers are told how to get in.
import { RateLimiterMemory } from "rate-limiter-flexible";
import { Composer } from "telegraf";
import { z } from "zod";
import { accessOf, redeemInvite, roleOf } from "../../../prisma/store/users.ts";
import { scopeLabel } from "../../app/access/authorize.ts";
import type { SapatContext } from "../../context.ts";
import { setLanguage } from "../../middleware/user.ts";
import { registerChatCommands } from "../menu/commands.ts";
import { mainMenu } from "../menu/keyboards.ts";

/** Five wrong codes per chat per ten minutes: guessing a 96-bit code is hopeless anyway, this keeps the noise down. */
const WRONG_CODES = { points: 5, duration: 600 };
const code = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export function startFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  const wrongCodes = new RateLimiterMemory(WRONG_CODES);

  composer.start(async (ctx) => {
    const payload = ctx.payload.trim();
    if (!payload) {
      if (ctx.user && ctx.access)
        await ctx.reply(
          ctx.t("bot.welcomeBack", { role: ctx.t(`bot.role.${ctx.access.role}`), scope: scopeLabel(ctx, ctx.access) }),
          mainMenu(ctx, ctx.access),
        );
      else await ctx.reply(ctx.t("bot.needInvite"));
      return;
    }
    const key = String(ctx.chat.id);
    const used = await wrongCodes.get(key);
    if (used && used.consumedPoints >= WRONG_CODES.points) {
      await ctx.reply(ctx.t("bot.invite.tooMany", { minutes: Math.ceil(used.msBeforeNext / 60_000) }));
      return;
    }
    const parsed = code.safeParse(payload);
    const result = parsed.success
      ? await redeemInvite(
          ctx.deps.db,
          parsed.data,
          {
            telegramId: String(ctx.from.id),
            firstName: ctx.from.first_name,
            username: ctx.from.username ?? null,
          },
          ctx.deps.now?.() ?? new Date(),
        )
      : ({ ok: false, reason: "unknown" } as const);
    if (!result.ok) {
      await wrongCodes.consume(key).catch(() => undefined);
      await ctx.reply(ctx.t(`bot.invite.${result.reason}`));
      return;
    }
    ctx.user = result.user;
    ctx.institution = result.user.institution;
    ctx.access = await accessOf(ctx.deps.db, result.user);
    setLanguage(ctx, result.user.language);
    await ctx.reply(
      ctx.t("bot.welcome", {
        name: ctx.from.first_name,
        role: ctx.t(`bot.role.${ctx.access.role}`),
        scope: scopeLabel(ctx, ctx.access),
      }),
      mainMenu(ctx, ctx.access),
    );
    await registerChatCommands(ctx.telegram, ctx.chat.id, roleOf(result.user), ctx.lng);
  });
  return composer;
}
