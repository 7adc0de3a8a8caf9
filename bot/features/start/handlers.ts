// Onboarding: /start <code> binds the account once; strangers are told how to get in.
import { Composer } from "telegraf";
import { type Access, problem } from "../../../core/index.ts";
import { type AttemptLimit, blockedMinutes, countFailure } from "../../app/access/attempts.ts";
import { redeem } from "../../app/access/redeem-invite.ts";
import { startJoin } from "../../app/roster/join.ts";
import type { SapatContext } from "../../context.ts";
import { setLanguage } from "../../middleware/user.ts";
import { problemText } from "../../present/problem.ts";
import { scopeLabel } from "../../present/scope.ts";
import { registerChatCommands } from "../menu/commands.ts";
import { mainMenu } from "../menu/keyboards.ts";

/** Five wrong codes per chat per ten minutes: guessing a 96-bit code is hopeless anyway, this keeps the noise down. */
const WRONG_CODES: AttemptLimit = { name: "invite", points: 5, durationSeconds: 600 };

export function startFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();

  const welcomeBack = (ctx: SapatContext, access: Access) =>
    ctx.reply(
      ctx.t("bot.welcomeBack", { role: ctx.t(`bot.role.${access.role}`), scope: scopeLabel(access, ctx) }),
      mainMenu(ctx, access),
    );

  composer.start(async (ctx) => {
    const payload = ctx.payload.trim();
    if (!payload) {
      if (ctx.user && ctx.access) await welcomeBack(ctx, ctx.access);
      else await ctx.reply(problemText(problem("needInvite"), ctx));
      return;
    }
    const key = String(ctx.chat.id);
    const minutes = await blockedMinutes(ctx.deps, WRONG_CODES, key);
    if (minutes !== null) return void (await ctx.reply(problemText(problem("inviteTooMany", { minutes }), ctx)));
    // a group's join link: the student gives his id next (features/join)
    const join = await startJoin(ctx.deps, payload, {
      telegramId: String(ctx.from.id),
      chatId: String(ctx.chat.id),
      firstName: ctx.from.first_name,
      username: ctx.from.username ?? null,
    });
    if (!join.ok) return void (await ctx.reply(problemText(join.problem, ctx)));
    if (join.value.kind === "ask") return void (await ctx.reply(ctx.t("roster.join.askId", { group: join.value.group })));
    if (join.value.kind === "already" || join.value.kind === "staff") {
      const { user, access, institution } = join.value;
      if (!user || !access) return;
      Object.assign(ctx, { user, access, institution });
      setLanguage(ctx, user.language);
      if (join.value.kind === "already") await ctx.reply(ctx.t("roster.join.already"), mainMenu(ctx, access));
      else await welcomeBack(ctx, access);
      return;
    }
    const result = await redeem(ctx.deps, payload, {
      telegramId: String(ctx.from.id),
      firstName: ctx.from.first_name,
      username: ctx.from.username ?? null,
    });
    if (!result.ok) {
      await countFailure(ctx.deps, WRONG_CODES, key);
      await ctx.reply(problemText(result.problem, ctx));
      return;
    }
    const { user, access, institution, already } = result.value;
    if (!user || !access) return;
    Object.assign(ctx, { user, access, institution });
    setLanguage(ctx, user.language);
    if (already) {
      // the same code again from the account it bound (e.g. an answer cut off by a crash), or a
      // group link opened by someone already in: nothing changed, they keep their role
      await welcomeBack(ctx, access);
      await registerChatCommands(ctx.telegram, ctx.chat.id, access.role, ctx.lng);
      return;
    }
    await ctx.reply(
      ctx.t("bot.welcome", {
        name: ctx.from.first_name,
        role: ctx.t(`bot.role.${access.role}`),
        scope: scopeLabel(access, ctx),
      }),
      mainMenu(ctx, access),
    );
    await registerChatCommands(ctx.telegram, ctx.chat.id, access.role, ctx.lng);
  });
  return composer;
}
