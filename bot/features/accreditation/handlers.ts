// /accreditation [unit] [level] [status] [window]: the programmes' accreditation expiry in the
// asker's scope (a dean sees his unit and below; the use case refuses another unit), the
// counts, the programmes needing attention per unit, buttons to filter and a stacked chart.
import { Composer } from "telegraf";
import {
  type AccreditationStatus,
  ATTENTION_STATUSES,
  type ExpiryWindow,
  type ProgrammeLevel,
  parseAccreditationQuery,
} from "../../../core/index.ts";
import { accreditationRegistry, type Registry } from "../../app/accreditation/accreditation-registry.ts";
import type { SapatContext } from "../../context.ts";
import { problemText } from "../../present/problem.ts";
import { replyWithChart } from "../charts/reply-chart.ts";
import { editPressed } from "../edit-pressed.ts";
import { menuLabels } from "../menu/keyboards.ts";
import { CHART_DATA, decodeChart, decodeView, VIEW_DATA } from "./callback-data.ts";
import { accreditationChart } from "./chart.ts";
import { registryKeyboard } from "./keyboard.ts";
import { registryText } from "./text.ts";

export interface AccreditationAsk {
  /** a unit as typed; absent the asker's scope */
  unit?: string;
  /** a unit by a button's id (0 the institution) */
  unitId?: number;
  level?: ProgrammeLevel | null;
  /** absent: those needing attention; null: every state */
  status?: readonly AccreditationStatus[] | null;
  within?: ExpiryWindow;
}

async function load(ctx: SapatContext, ask: AccreditationAsk) {
  return accreditationRegistry(ctx.deps, ctx, {
    ...(ask.unitId !== undefined ? { unitId: ask.unitId } : ask.unit ? { unit: ask.unit } : {}),
    ...(ask.level ? { level: ask.level } : {}),
    ...(ask.within ? { within: ask.within } : {}),
  });
}

const unitNameOf = (ctx: SapatContext, reg: Registry) =>
  reg.unit ?? ctx.institution?.code ?? ctx.t("accreditationBot.institution");

function render(ctx: SapatContext, reg: Registry, ask: AccreditationAsk) {
  const status = ask.status === undefined ? [...ATTENTION_STATUSES] : ask.status;
  const attention =
    ask.status === undefined || (status !== null && [...status].sort().join() === [...ATTENTION_STATUSES].sort().join());
  const shown: Registry = { ...reg, rows: status ? reg.rows.filter((r) => status.includes(r.status)) : reg.rows };
  const text = registryText(shown, ctx, { unitName: unitNameOf(ctx, reg), attention, status });
  const levels = reg.level ? [reg.level] : [...new Set(reg.rows.map((r) => r.programme.level))];
  const total = reg.rows.length;
  const keyboard = total
    ? { inline_keyboard: registryKeyboard({ unitId: reg.unitId, level: reg.level, status, attention }, levels, ctx) }
    : undefined;
  return { text, keyboard };
}

export async function sendAccreditation(ctx: SapatContext, ask: AccreditationAsk): Promise<void> {
  const a = await load(ctx, ask);
  if (!a.ok) return void (await ctx.reply(problemText(a.problem, ctx)));
  const { text, keyboard } = render(ctx, a.value, ask);
  await ctx.reply(text, { parse_mode: "HTML", ...(keyboard ? { reply_markup: keyboard } : {}) });
}

async function updateAccreditation(ctx: SapatContext, data: string): Promise<void> {
  const view = decodeView(data);
  if (!view) return void (await ctx.answerCbQuery());
  const ask: AccreditationAsk = { unitId: view.unitId, level: view.level, status: view.status };
  const a = await load(ctx, ask);
  if (!a.ok) return void (await ctx.answerCbQuery(problemText(a.problem, ctx), { show_alert: true }));
  const { text, keyboard } = render(ctx, a.value, ask);
  await editPressed(ctx, text, { parse_mode: "HTML", ...(keyboard ? { reply_markup: keyboard } : {}) });
  await ctx.answerCbQuery();
}

async function sendAccreditationChart(ctx: SapatContext, data: string): Promise<void> {
  const req = decodeChart(data);
  if (!req) return void (await ctx.answerCbQuery());
  const a = await load(ctx, { unitId: req.unitId, level: req.level });
  await ctx.answerCbQuery();
  if (!a.ok) return void (await ctx.reply(problemText(a.problem, ctx)));
  await replyWithChart(ctx, accreditationChart(a.value, ctx, unitNameOf(ctx, a.value)));
}

/** "/accreditation ЭФ бакалавр expiring 6 months" → what it asks. */
export function askOf(payload: string): AccreditationAsk {
  const q = parseAccreditationQuery(payload.slice(0, 200));
  return {
    ...(q.unit ? { unit: q.unit } : {}),
    ...(q.level ? { level: q.level } : {}),
    ...(q.status !== undefined ? { status: q.status } : {}),
    ...(q.within ? { within: q.within } : {}),
  };
}

export function accreditationFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  composer.command("accreditation", (ctx) => sendAccreditation(ctx, askOf(ctx.payload)));
  composer.hears(menuLabels("accreditation"), (ctx) => sendAccreditation(ctx, {}));
  composer.action(VIEW_DATA, (ctx) => updateAccreditation(ctx, "data" in ctx.callbackQuery ? ctx.callbackQuery.data : ""));
  composer.action(CHART_DATA, (ctx) => sendAccreditationChart(ctx, "data" in ctx.callbackQuery ? ctx.callbackQuery.data : ""));
  return composer;
}
