// Students and teachers see only what is theirs: the commands and buttons of their list
// (menu/own-menu.ts) pass; every other command (figures, practice, requests, …) and every
// free-text question gets one polite line, before any feature could answer with figures.
import { Composer } from "telegraf";
import { problem } from "../../../core/index.ts";
import type { SapatContext } from "../../context.ts";
import { problemText } from "../../present/problem.ts";
import { mainMenu, menuLabels } from "../menu/keyboards.ts";
import { ownItems } from "../menu/own-menu.ts";

/** Always theirs: /start (already joined) and /cancel. */
const ALWAYS = ["start", "cancel"];

export function ownOnlyFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  composer.on("text", async (ctx, next) => {
    const own = ctx.access ? ownItems(ctx.access.role) : null;
    if (!own || !ctx.access) return next();
    const text = ctx.message.text.trim();
    const command = text.startsWith("/") ? (text.slice(1).split(/[\s@]/)[0] ?? "").toLowerCase() : null;
    if (command !== null && (ALWAYS.includes(command) || own.some((i) => i.command === command))) return next();
    if (command === null && own.some((i) => i.menu && menuLabels(i.menu).includes(text))) return next();
    const code = ctx.access.role === "teacher" ? "notForTeachers" : "notForStudents";
    await ctx.reply(problemText(problem(code), ctx), mainMenu(ctx, ctx.access));
  });
  return composer;
}
