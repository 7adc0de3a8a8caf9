// /debtors [unit]: a dean's debtor count with stages, courses, debts and last year.
import { Composer } from "telegraf";
import type { SapatContext } from "../../context.ts";
import { menuLabels } from "../menu/keyboards.ts";
import { commandUnit } from "./command-args.ts";
import { sendFigures } from "./reply.ts";

export function debtorsFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  composer.command("debtors", async (ctx) => sendFigures(ctx, "debtors", await commandUnit(ctx, ctx.payload)));
  composer.hears(menuLabels("debtors"), (ctx) => sendFigures(ctx, "debtors", {}));
  return composer;
}
