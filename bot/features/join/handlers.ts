// A student joining by his group's link: the id he types while the join waits for it, a
// language chosen before joining, /cancel. Three wrong ids in ten minutes from one chat and
// it must wait: the ids of a group are short numbers, easy to guess one by one.
import { Composer } from "telegraf";
import { type Access, problem, WRONG_STUDENT_IDS } from "../../../core/index.ts";
import { type AttemptLimit, blockedMinutes, countFailure } from "../../app/access/attempts.ts";
import {
  type Account,
  cancelJoin,
  chooseJoinLanguage,
  joinState,
  submitStudentId,
  WRONG_ID_CODES,
} from "../../app/roster/join.ts";
import type { SapatContext } from "../../context.ts";
import { setLanguage } from "../../middleware/user.ts";
import { isLanguage } from "../../present/i18n.ts";
import { problemText } from "../../present/problem.ts";
import { registerChatCommands } from "../menu/commands.ts";
import { mainMenu } from "../menu/keyboards.ts";

const accountOf = (ctx: SapatContext): Account => ({
  telegramId: String(ctx.from?.id),
  chatId: String(ctx.chat?.id),
  firstName: ctx.from?.first_name ?? null,
  username: ctx.from?.username ?? null,
});

/** Who may be joining: a stranger, or a student not yet on the roster (joined with an older invite). */
const mayJoin = (ctx: SapatContext) => !ctx.access || ctx.access.role === "student";

/** "Welcome, Айбек: a student of ЭЭ-1-23 (ЭФ, 1st course, full-time)". */
export function joinedText(
  ctx: SapatContext,
  name: string,
  user: { groupName: string | null; course: number | null; form: string | null },
  access: Access,
): string {
  return ctx.t("roster.join.welcome", {
    name,
    group: user.groupName ?? "",
    unit: access.scope.kind === "unit" ? access.scope.unit : "",
    course: user.course ?? "",
    form: user.form ? ctx.t(`common.form.${user.form}`) : "",
  });
}

const WRONG_IDS: AttemptLimit = { name: "student-id", ...WRONG_STUDENT_IDS };

export function joinFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();

  composer.action(/^lang:(\w+)$/, async (ctx, next) => {
    const lng = ctx.match[1];
    if (ctx.user || !isLanguage(lng) || !(await chooseJoinLanguage(ctx.deps, String(ctx.chat?.id), lng))) return next();
    setLanguage(ctx, lng);
    await ctx.answerCbQuery();
    await ctx.editMessageText(ctx.t("bot.language.set"));
    await ctx.reply(ctx.t("roster.join.askIdAgain"));
  });

  composer.command("cancel", async (ctx, next) => {
    if (!mayJoin(ctx) || !(await joinState(ctx.deps, String(ctx.chat.id)))) return next();
    await cancelJoin(ctx.deps, String(ctx.chat.id));
    await ctx.reply(ctx.t("roster.join.cancelled"));
  });

  composer.on("text", async (ctx, next) => {
    if (ctx.message.text.startsWith("/") || !mayJoin(ctx)) return next();
    const state = await joinState(ctx.deps, String(ctx.chat.id));
    if (!state) return next();
    if (!ctx.user && state.lang) setLanguage(ctx, state.lang);
    const key = String(ctx.chat.id);
    const minutes = await blockedMinutes(ctx.deps, WRONG_IDS, key);
    if (minutes !== null) return void (await ctx.reply(problemText(problem("joinTooMany", { minutes }), ctx)));
    const r = await submitStudentId(ctx.deps, state, ctx.message.text, accountOf(ctx));
    if (!r.ok) {
      if (WRONG_ID_CODES.has(r.problem.code)) await countFailure(ctx.deps, WRONG_IDS, key);
      return void (await ctx.reply(problemText(r.problem, ctx)));
    }
    const { user, access, institution, already } = r.value;
    if (!user || !access) return;
    Object.assign(ctx, { user, access, institution });
    setLanguage(ctx, user.language);
    if (already) return void (await ctx.reply(ctx.t("roster.join.already"), mainMenu(ctx, access)));
    await ctx.reply(joinedText(ctx, ctx.from.first_name, user, access), mainMenu(ctx, access));
    await registerChatCommands(ctx.telegram, ctx.chat.id, access.role, ctx.lng);
  });
  return composer;
}
