// /plans: the action plans in the user's reach with their counts (open / done / overdue), a
// plan's items (overdue first, then soonest due) with "✅" buttons on the user's own items;
// pressing one asks for the evidence (a note, a link or a file) and the next message is it.
// `/plans overdue`: the overdue items in reach.
import { Composer, Markup } from "telegraf";
import { formatDay, nextDue, type Problem } from "../../../core/index.ts";
import { askEvidence, evidenceAsked, giveEvidence } from "../../app/plans/evidence-dialogue.ts";
import type { EvidenceInput } from "../../app/plans/plan-actions.ts";
import { itemsInReach, plansInReach, type SeenItem } from "../../app/plans/plan-lists.ts";
import type { PlanActor } from "../../app/plans/plan-people.ts";
import type { SapatContext } from "../../context.ts";
import { itemLine, planLine } from "../../present/plans.ts";
import { problemText } from "../../present/problem.ts";

/** Items shown in one message, as many as fit; the rest are counted (the CLI lists them all). */
const SHOWN = 25;
const PLAN = /^pl:p:(\d{1,9})$/;
const DONE = /^pl:d:(\d{1,9})(?::(\d{1,2}))?$/;

function actorOf(ctx: SapatContext): PlanActor | null {
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

async function refuse(ctx: SapatContext, p: Problem) {
  if (ctx.callbackQuery) await ctx.answerCbQuery();
  await ctx.reply(problemText(p, ctx));
}

/** The next stage not done of an item: the one its button marks. */
function doneButton(s: SeenItem) {
  const due = nextDue(s.item);
  const stage = s.item.stages.length > 1 ? s.item.stages.find((st) => !st.done && st.due === due)?.position : undefined;
  return Markup.button.callback(`✅ ${s.item.number}`, `pl:d:${s.item.id}${stage ? `:${stage}` : ""}`);
}

/** Room for the items in one message (Telegram takes 4096 characters; an item's text alone may be 2000). */
const TEXT_MAX = 3800;

function itemsText(ctx: SapatContext, head: string, items: readonly SeenItem[]): string {
  const lines = [head];
  let length = head.length;
  for (const s of items.slice(0, SHOWN)) {
    const line = itemLine(ctx, s.item, s.state);
    if (length + line.length + 1 > TEXT_MAX) break;
    lines.push(line);
    length += line.length + 1;
  }
  const shown = lines.length - 1;
  if (items.length > shown) lines.push(`… +${items.length - shown}`);
  return lines.join("\n");
}

async function onPlans(ctx: SapatContext, words: string) {
  const who = actorOf(ctx);
  if (!who) return void (await ctx.reply(ctx.t("problems.needInvite")));
  if (/^(overdue|просроч\p{L}*|мөөнөтү өткөн|кечиккен)$/iu.test(words.trim())) {
    const r = await itemsInReach(ctx.deps, who, { planId: null, overdue: true });
    if (!r.ok) return refuse(ctx, r.problem);
    if (!r.value.items.length) return void (await ctx.reply(ctx.t("plans.bot.noOverdue")));
    return void (await ctx.reply(itemsText(ctx, ctx.t("plans.bot.overdueTitle", { on: formatDay(r.value.on) }), r.value.items)));
  }
  const r = await plansInReach(ctx.deps, who);
  if (!r.ok) return refuse(ctx, r.problem);
  if (!r.value.plans.length) return void (await ctx.reply(ctx.t("plans.bot.none")));
  const text = [
    ctx.t("plans.bot.title", { on: formatDay(r.value.on) }),
    ...r.value.plans.map((p) => planLine(ctx, p.plan, p.counts)),
  ];
  const keys = r.value.plans
    .slice(0, 20)
    .map((p) => [Markup.button.callback(`#${p.plan.id} ${p.plan.title}`.slice(0, 60), `pl:p:${p.plan.id}`)]);
  await ctx.reply(text.join("\n"), Markup.inlineKeyboard(keys));
}

async function onPlan(ctx: SapatContext, planId: number) {
  const who = actorOf(ctx);
  if (!who) return ctx.answerCbQuery();
  const r = await itemsInReach(ctx.deps, who, { planId });
  if (!r.ok) return refuse(ctx, r.problem);
  await ctx.answerCbQuery();
  const [first] = r.value.items;
  const plan = first?.plan;
  if (!plan) return void (await ctx.reply(ctx.t("plans.cli.noItems")));
  const counts = { total: r.value.items.length, open: 0, done: 0, overdue: 0 };
  for (const s of r.value.items) counts[s.state]++;
  const head = ctx.t("plans.bot.items", {
    title: plan.title,
    controller: plan.controllerText,
    counts: ctx.t("plans.counts", counts),
  });
  const mine = r.value.items.filter((s) => s.mine && s.state !== "done").slice(0, 24);
  const rows = [];
  for (let i = 0; i < mine.length; i += 3) rows.push(mine.slice(i, i + 3).map(doneButton));
  await ctx.reply(itemsText(ctx, head, r.value.items), rows.length ? Markup.inlineKeyboard(rows) : undefined);
}

async function onDone(ctx: SapatContext, itemId: number, stage: number | null) {
  const who = actorOf(ctx);
  if (!who) return ctx.answerCbQuery();
  const r = await askEvidence(ctx.deps, who, String(ctx.chat?.id ?? who.telegramId), { itemId, stage });
  if (!r.ok) return refuse(ctx, r.problem);
  await ctx.answerCbQuery();
  await ctx.reply(ctx.t("plans.bot.askEvidence", { number: r.value.number, text: r.value.text }));
}

/** What a message offers as evidence: its text (a note or a link), a document, or a photo. */
function evidenceIn(ctx: SapatContext): EvidenceInput | null {
  const m = ctx.message;
  if (!m) return null;
  if ("document" in m) return { fileId: m.document.file_id, fileName: m.document.file_name ?? null, note: m.caption ?? null };
  if ("photo" in m) return { fileId: m.photo[m.photo.length - 1]?.file_id ?? null, fileName: null, note: m.caption ?? null };
  if ("text" in m && !m.text.startsWith("/")) return { note: m.text };
  return null;
}

export function plansFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  composer.command("plans", (ctx) => onPlans(ctx, ctx.payload));
  composer.action(PLAN, (ctx) => onPlan(ctx, Number(ctx.match[1])));
  composer.action(DONE, (ctx) => onDone(ctx, Number(ctx.match[1]), ctx.match[2] ? Number(ctx.match[2]) : null));
  // the evidence asked for: before the upload feature, so a file sent now is evidence, not an import
  composer.on("message", async (ctx, next) => {
    const who = actorOf(ctx);
    const evidence = who ? evidenceIn(ctx) : null;
    if (!who || !evidence) return next();
    const chatId = String(ctx.chat.id);
    const asked = await evidenceAsked(ctx.deps, chatId);
    if (!asked) return next();
    const r = await giveEvidence(ctx.deps, who, chatId, asked, evidence);
    if (!r.ok) return void (await ctx.reply(problemText(r.problem, ctx)));
    const key = asked.stage ? "plans.bot.markedStage" : "plans.bot.marked";
    await ctx.reply(ctx.t(key, { number: r.value.number, stage: asked.stage ?? "" }));
  });
  return composer;
}
