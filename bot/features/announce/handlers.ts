// /announce for admins, leaders and deans: the text, the audience (buttons of the sender's
// scope, or typed), a preview with the count, then Send or Cancel. The draft is stored, so
// the next plain text goes to it (this feature sits before free text) even after a restart;
// Send turns the preview into the progress line the worker keeps editing.
import { Composer } from "telegraf";
import { canAnnounce, type Problem, problem } from "../../../core/index.ts";
import {
  type Announcer,
  cancelDraft,
  changeAudience,
  choiceAudience,
  confirmDraft,
  type Draft,
  type DraftPreview,
  pendingDraft,
  previewDraft,
  readAudience,
  setAudience,
  setText,
  startDraft,
} from "../../app/delivery/announcement-draft.ts";
import type { SapatContext } from "../../context.ts";
import { progressText } from "../../present/delivery.ts";
import { problemText } from "../../present/problem.ts";
import { editWithoutPreview as edit, NO_PREVIEW } from "../edit-pressed.ts";
import { CALLBACK_PATTERN, decode } from "./callback-data.ts";
import {
  askAudienceText,
  askTextKeyboard,
  askTextText,
  audienceKeyboard,
  previewKeyboard,
  previewText,
  withNotes,
} from "./message.ts";

/** The bound user as a sender; null for those who may not announce. */
function announcer(ctx: SapatContext): Announcer | null {
  if (!ctx.user || !ctx.access || !canAnnounce(ctx.access)) return null;
  return { access: ctx.access, institutionId: ctx.user.institutionId, telegramId: ctx.user.telegramId };
}

/** Why this person cannot announce: strangers are asked for an invite, other roles refused. */
const refusal = (ctx: SapatContext): Problem => problem(ctx.user ? "announceForbidden" : "needInvite");

async function askText(ctx: SapatContext, draftId: number, notes: string[] = []) {
  await ctx.reply(withNotes(notes, askTextText(ctx)), askTextKeyboard(ctx, draftId));
}

async function askAudience(ctx: SapatContext, who: Announcer, draftId: number, notes: string[] = []) {
  await ctx.reply(withNotes(notes, askAudienceText(ctx, who.access)), audienceKeyboard(ctx, who.access, draftId));
}

/** The text exactly as recipients will get it (no formatting, no link preview), then who and how many, with the buttons. */
async function sendPreview(ctx: SapatContext, preview: DraftPreview, notes: string[] = []) {
  await ctx.reply(preview.draft.text, NO_PREVIEW);
  await ctx.reply(withNotes(notes, previewText(ctx, preview)), previewKeyboard(ctx, preview.draft.id));
}

/** A bare /announce with a draft in progress picks it up where it stopped. */
async function resume(ctx: SapatContext, who: Announcer, draft: Draft) {
  const notes = [ctx.t("announce.resumed")];
  if (draft.step === "text" || draft.text === null) return askText(ctx, draft.id);
  if (draft.step === "confirm") {
    const preview = await previewDraft(ctx.deps, who, draft);
    if (preview.ok) return sendPreview(ctx, preview.value, notes);
    await ctx.reply(problemText(preview.problem, ctx));
  }
  await ctx.reply(draft.text, NO_PREVIEW);
  await askAudience(ctx, who, draft.id, notes);
}

export function announceFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();

  composer.command("announce", async (ctx) => {
    const who = announcer(ctx);
    if (!who) return void (await ctx.reply(problemText(refusal(ctx), ctx)));
    const text = ctx.payload.trim();
    if (text === "") {
      const draft = await pendingDraft(ctx.deps, who.access, who.telegramId);
      if (draft) return resume(ctx, who, draft);
    }
    const started = await startDraft(ctx.deps, who, text);
    if (!started.ok) return void (await ctx.reply(problemText(started.problem, ctx)));
    const { draft, replaced } = started.value;
    const notes = replaced ? [ctx.t("announce.replaced")] : [];
    if (draft.step === "text") await askText(ctx, draft.id, notes);
    else await askAudience(ctx, who, draft.id, notes);
  });

  // The next plain text of someone whose draft waits for its text or audience; everyone
  // else's text (and an announcer's without such a draft) goes on to free text untouched.
  composer.on("text", async (ctx, next) => {
    if (ctx.message.text.startsWith("/")) return next();
    const draft = await pendingDraft(ctx.deps, ctx.access, String(ctx.from.id));
    const who = announcer(ctx);
    if (!draft || !who || draft.step === "confirm") return next();
    if (draft.step === "text") {
      const written = await setText(ctx.deps, who, draft.id, ctx.message.text);
      if (!written.ok) return void (await ctx.reply(problemText(written.problem, ctx)));
      return askAudience(ctx, who, draft.id);
    }
    const typed = readAudience(who.access, ctx.message.text);
    const preview = typed.ok ? await setAudience(ctx.deps, who, draft.id, typed.value) : typed;
    // outside the sender's scope, nobody in it, a unit not found: said, and the draft stays on this step
    if (!preview.ok) return void (await ctx.reply(problemText(preview.problem, ctx)));
    await sendPreview(ctx, preview.value);
  });

  composer.action(CALLBACK_PATTERN, async (ctx) => {
    const press = decode(ctx.match[0]);
    if (!press) return void (await ctx.answerCbQuery());
    const who = announcer(ctx);
    if (!who) return void (await ctx.answerCbQuery(problemText(refusal(ctx), ctx)));
    /** An outdated button gets a short note; a refusal about the audience a message of its own. */
    const refuse = async (p: Problem) => {
      if (p.code === "announceNoDraft" || p.code === "announceForbidden")
        return void (await ctx.answerCbQuery(problemText(p, ctx)));
      await ctx.answerCbQuery();
      await ctx.reply(problemText(p, ctx));
    };

    switch (press.op) {
      case "audience": {
        const audience = choiceAudience(who.access, press.choice);
        if (!audience) return void (await ctx.answerCbQuery());
        const preview = await setAudience(ctx.deps, who, press.draftId, audience);
        if (!preview.ok) return refuse(preview.problem);
        await ctx.answerCbQuery();
        await sendPreview(ctx, preview.value);
        return;
      }
      case "change": {
        const draft = await changeAudience(ctx.deps, who, press.draftId);
        if (!draft.ok) return refuse(draft.problem);
        await ctx.answerCbQuery();
        await edit(ctx, askAudienceText(ctx, who.access), audienceKeyboard(ctx, who.access, press.draftId));
        return;
      }
      case "send": {
        const pressed = ctx.callbackQuery.message;
        const progress = pressed && ctx.chat ? { chatId: String(ctx.chat.id), messageId: pressed.message_id } : undefined;
        const sent = await confirmDraft(ctx.deps, who, press.draftId, progress);
        if (!sent.ok) return refuse(sent.problem);
        const { campaign, created, counts } = sent.value;
        // a second press (a double tap, an old preview): already queued, nothing new
        if (!created) return void (await ctx.answerCbQuery(ctx.t("announce.already", { id: campaign.id })));
        await edit(ctx, progressText(ctx.t, ctx.lng, counts));
        await ctx.answerCbQuery(ctx.t("announce.queued"));
        return;
      }
      case "cancel": {
        const cancelled = await cancelDraft(ctx.deps, who, press.draftId);
        if (!cancelled.ok) return refuse(cancelled.problem);
        await edit(ctx, ctx.t("announce.cancelled"));
        await ctx.answerCbQuery();
        return;
      }
    }
  });
  return composer;
}
