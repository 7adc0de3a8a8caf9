// /requests: the requester's open requests as a board (per unit submitted / not yet /
// overdue, page by page), with "Remind now" (the count asked first) and "Close".
// /request <one line>: a new request shown first, sent on Send. Admins and deans ask;
// leaders watch; heads and students are refused.
import { Composer } from "telegraf";
import { type Problem, parseRequestLine, problem, roleCanRequest, roleCanViewRequests } from "../../../core/index.ts";
import { campaignStatus } from "../../app/delivery/campaigns.ts";
import { closeRequest } from "../../app/requests/close-request.ts";
import { cancelDraft, confirmRequest, draftRequest } from "../../app/requests/create-request.ts";
import { previewReminder, remindNow } from "../../app/requests/remind-request.ts";
import { requestBoard, requestList } from "../../app/requests/request-board.ts";
import type { Requester } from "../../app/requests/requester.ts";
import type { SapatContext } from "../../context.ts";
import { progressText } from "../../present/delivery.ts";
import { problemText } from "../../present/problem.ts";
import { editPressed as edit } from "../edit-pressed.ts";
import { CALLBACK_PATTERN, decode, type Press } from "./callback-data.ts";
import {
  boardKeyboard,
  boardText,
  closeAskKeyboard,
  listKeyboard,
  listText,
  previewKeyboard,
  previewText,
  remindAskKeyboard,
  remindAskText,
} from "./message.ts";

function requesterOf(ctx: SapatContext): Requester | null {
  if (!ctx.user || !ctx.access) return null;
  const id = ctx.user.telegramId;
  return {
    access: ctx.access,
    institutionId: ctx.user.institutionId,
    telegramId: id,
    chatId: String(ctx.chat?.id ?? id),
    actor: id,
  };
}

async function showBoard(ctx: SapatContext, who: Requester, id: number, page: number, back: boolean, how: "reply" | "edit") {
  const board = await requestBoard(ctx.deps, who, id);
  if (!board.ok) return refuse(ctx, board.problem);
  const shown = boardText(ctx, board.value, page);
  const keyboard = boardKeyboard(ctx, board.value, shown.page, shown.pages, back);
  if (how === "edit") await edit(ctx, shown.text, keyboard);
  else await ctx.reply(shown.text, keyboard);
}

async function showList(ctx: SapatContext, who: Requester, how: "reply" | "edit") {
  const list = await requestList(ctx.deps, who, "open");
  if (!list.ok) return refuse(ctx, list.problem);
  const [only] = list.value;
  if (!only) return how === "edit" ? edit(ctx, ctx.t("requests.bot.none")) : void (await ctx.reply(ctx.t("requests.bot.none")));
  if (list.value.length === 1 && how === "reply") return showBoard(ctx, who, only.request.id, 0, false, how);
  const text = listText(ctx, list.value, ctx.institution?.timeZone ?? "Asia/Bishkek");
  if (how === "edit") await edit(ctx, text, listKeyboard(ctx, list.value));
  else await ctx.reply(text, listKeyboard(ctx, list.value));
}

/** A refusal: a short note on the button for outdated ones, a message for the rest. */
async function refuse(ctx: SapatContext, p: Problem) {
  const text = problemText(p, ctx);
  if (!ctx.callbackQuery) return void (await ctx.reply(text));
  await ctx.answerCbQuery();
  await ctx.reply(text);
}

async function onRequests(ctx: SapatContext) {
  const who = requesterOf(ctx);
  if (!who) return void (await ctx.reply(problemText(problem("needInvite"), ctx)));
  if (!roleCanViewRequests(who.access.role)) return void (await ctx.reply(problemText(problem("requestForbidden"), ctx)));
  await showList(ctx, who, "reply");
}

async function onRequest(ctx: SapatContext, payload: string) {
  const who = requesterOf(ctx);
  if (!who) return void (await ctx.reply(problemText(problem("needInvite"), ctx)));
  if (!roleCanRequest(who.access.role)) return void (await ctx.reply(problemText(problem("requestForbidden"), ctx)));
  const line = parseRequestLine(payload);
  if (!line.ok) return void (await ctx.reply(problemText(line.problem, ctx)));
  const { units, ...rest } = line.value;
  const drafted = await draftRequest(ctx.deps, who, { ...rest, from: units, units: null });
  if (!drafted.ok) return void (await ctx.reply(problemText(drafted.problem, ctx)));
  await ctx.reply(previewText(ctx, drafted.value.plan), previewKeyboard(ctx, drafted.value.draft.id));
}

/** Send on a preview: the preview becomes the delivery report, the board follows. */
async function onSend(ctx: SapatContext, who: Requester, draftId: number) {
  const pressed = ctx.callbackQuery?.message;
  const progress = pressed ? { chatId: String(ctx.chat?.id), messageId: pressed.message_id } : undefined;
  const sent = await confirmRequest(ctx.deps, who, draftId, progress);
  if (!sent.ok) return refuse(ctx, sent.problem);
  const { request, created, notice } = sent.value;
  if (!created) return void (await ctx.answerCbQuery(ctx.t("requests.bot.alreadySent")));
  await ctx.answerCbQuery();
  const status = notice ? await campaignStatus(ctx.deps, who.institutionId, notice.campaign.id) : null;
  await edit(ctx, status ? progressText(ctx.t, ctx.lng, status.counts) : ctx.t("requests.plan.noHeads"));
  const board = await requestBoard(ctx.deps, who, request.id);
  if (!board.ok) return;
  const shown = boardText(ctx, board.value, 0);
  const opened = ctx.t(notice ? "requests.bot.created" : "requests.bot.createdNobody", { id: request.id });
  await ctx.reply(`${opened}\n\n${shown.text}`, boardKeyboard(ctx, board.value, shown.page, shown.pages, false));
}

async function onRemind(ctx: SapatContext, who: Requester, id: number, nonce: string) {
  const pressed = ctx.callbackQuery?.message;
  const progress = pressed ? { chatId: String(ctx.chat?.id), messageId: pressed.message_id } : undefined;
  const sent = await remindNow(ctx.deps, who, id, nonce, progress);
  if (!sent.ok) return refuse(ctx, sent.problem);
  if (!sent.value.created) return void (await ctx.answerCbQuery(ctx.t("requests.bot.alreadySent")));
  const status = await campaignStatus(ctx.deps, who.institutionId, sent.value.campaign.id);
  if (status) await edit(ctx, progressText(ctx.t, ctx.lng, status.counts));
  await ctx.answerCbQuery(ctx.t("requests.bot.reminded"));
}

async function onPress(ctx: SapatContext, press: Press, who: Requester) {
  switch (press.op) {
    case "board":
      await ctx.answerCbQuery();
      return showBoard(ctx, who, press.id, press.page, press.back, "edit");
    case "list":
      await ctx.answerCbQuery();
      return showList(ctx, who, "edit");
    case "remindAsk": {
      const preview = await previewReminder(ctx.deps, who, press.id);
      if (!preview.ok) return refuse(ctx, preview.problem);
      await ctx.answerCbQuery();
      const nonce = ctx.deps.now().getTime().toString(36);
      const keyboard = remindAskKeyboard(ctx, press.id, preview.value.recipients, nonce);
      return void (await ctx.reply(remindAskText(ctx, press.id, preview.value), keyboard));
    }
    case "remind":
      return onRemind(ctx, who, press.id, press.nonce);
    case "closeAsk": {
      const board = await requestBoard(ctx.deps, who, press.id);
      if (!board.ok) return refuse(ctx, board.problem);
      if (!board.value.canManage) return refuse(ctx, problem("requestNotYours", { id: press.id }));
      if (board.value.request.status !== "open") return refuse(ctx, problem("requestClosed", { id: press.id }));
      await ctx.answerCbQuery();
      return void (await ctx.reply(ctx.t("requests.bot.closeAsk", { id: press.id }), closeAskKeyboard(ctx, press.id)));
    }
    case "close": {
      const closed = await closeRequest(ctx.deps, who, press.id);
      if (!closed.ok) return refuse(ctx, closed.problem);
      await ctx.answerCbQuery();
      return edit(ctx, ctx.t("requests.bot.closed", { id: press.id }));
    }
    case "dismiss":
      await ctx.answerCbQuery();
      return edit(ctx, ctx.t("requests.bot.cancelled"));
    case "send":
      return onSend(ctx, who, press.id);
    case "cancel": {
      const cancelled = await cancelDraft(ctx.deps, who, press.id);
      if (!cancelled.ok) return void (await ctx.answerCbQuery(problemText(cancelled.problem, ctx)));
      await ctx.answerCbQuery();
      return edit(ctx, ctx.t("requests.bot.cancelled"));
    }
  }
}

export function requestsFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  composer.command("requests", onRequests);
  composer.command("request", (ctx) => onRequest(ctx, ctx.payload));
  composer.action(CALLBACK_PATTERN, async (ctx) => {
    const press = decode(ctx.match[0]);
    if (!press) return void (await ctx.answerCbQuery());
    const who = requesterOf(ctx);
    if (!who) return void (await ctx.answerCbQuery(problemText(problem("needInvite"), ctx)));
    await onPress(ctx, press, who);
  });
  return composer;
}
