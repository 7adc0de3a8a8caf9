// /stats [unit]: absolute and quality achievement, debtors, admission rate per form.
import { Composer } from "telegraf";
import type { SapatContext } from "../../context.ts";
import { menuLabels } from "../menu/keyboards.ts";
import { commandUnit } from "./command-args.ts";
import { sendFigures } from "./reply.ts";

export function statsFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  composer.command("stats", async (ctx) => sendFigures(ctx, "stats", await commandUnit(ctx, ctx.payload)));
  composer.hears(menuLabels("stats"), (ctx) => sendFigures(ctx, "stats", {}));
  return composer;
}
