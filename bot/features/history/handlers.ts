// /history [unit]: every version of a unit's figures; /restore <id> and the restore buttons
// (the quality department) make an earlier version current again, as a new version.
import { Composer } from "telegraf";
import { FORMS, PRACTICE_KINDS, problem, STAGES, TERMS } from "../../../core/index.ts";
import { parseVersionRef, type Restored, restoreVersion } from "../../app/entry/restore.ts";
import { unitHistory } from "../../app/entry/unit-history.ts";
import type { SapatContext } from "../../context.ts";
import { problemText } from "../../present/problem.ts";
import { entererIn } from "../entry/show.ts";
import { CALLBACK_PATTERN, decodeRestore } from "./callback-data.ts";
import { historyKeyboard, historyText } from "./text.ts";

/** "practice:ТФ-ТМ:2025-2026:production" → "ТФ-ТМ · 2025-2026 · өндүрүштүк", words in the user's language. */
const targetText = (ctx: SapatContext, target: string) =>
  target
    .split(":")
    .slice(1)
    .map((part) => {
      for (const [list, key] of [
        [PRACTICE_KINDS, "practice.kind"],
        [TERMS, "common.term"],
        [STAGES, "common.stage"],
        [FORMS, "common.form"],
      ] as const)
        if ((list as readonly string[]).includes(part)) return ctx.t(`${key}.${part}`);
      return part;
    })
    .join(" · ");

const restoredText = (ctx: SapatContext, r: Restored) => {
  const what = targetText(ctx, r.target);
  return r.changed
    ? ctx.t("versions.restored", { what, version: r.version, newVersion: r.newVersion })
    : ctx.t("versions.restoreSame", { what, version: r.version });
};

async function restore(ctx: SapatContext, ref: ReturnType<typeof parseVersionRef>): Promise<string> {
  if (!ref) return problemText(problem("restoreWhich"), ctx);
  const who = await entererIn(ctx, `${ref.table}.restore`);
  if (!who) return "";
  const done = await restoreVersion(ctx.deps, who, ref);
  return done.ok ? restoredText(ctx, done.value) : problemText(done.problem, ctx);
}

export function historyFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  composer.command("history", async (ctx) => {
    const history = await unitHistory(ctx.deps, ctx, ctx.payload.slice(0, 200));
    if (!history.ok) return void (await ctx.reply(problemText(history.problem, ctx)));
    await ctx.reply(historyText(ctx, history.value), historyKeyboard(ctx, history.value));
  });
  composer.command("restore", async (ctx) => {
    const text = await restore(ctx, parseVersionRef(ctx.payload));
    if (text) await ctx.reply(text);
  });
  composer.action(CALLBACK_PATTERN, async (ctx) => {
    const ref = decodeRestore(ctx.match[0]);
    if (!ref) return void (await ctx.answerCbQuery());
    const text = await restore(ctx, ref);
    if (!text) return;
    await ctx.answerCbQuery();
    await ctx.reply(text);
  });
  return composer;
}
