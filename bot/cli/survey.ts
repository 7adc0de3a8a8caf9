// sapat survey create|launch|status|list|close|qr: surveys from the quality department's
// terminal, the same use cases as the bot's /survey. The audience is checked in the
// sender's scope (the institution, or --as a bound user); any problem writes nothing.
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { z } from "zod";
import { closingDay, DEFAULT_REMINDERS, parseAudience, parseHours, parseLeadHours } from "../../core/index.ts";
import { createSurvey } from "../app/surveys/create-survey.ts";
import { launchSurvey } from "../app/surveys/launch-survey.ts";
import { surveyPoster } from "../app/surveys/poster.ts";
import { titleIn } from "../app/surveys/survey-messages.ts";
import { closeSurvey, type SurveyStatus, surveyList, surveyStatus } from "../app/surveys/survey-status.ts";
import { renderPoster } from "../io/qr-poster.ts";
import { audienceSentence } from "../present/delivery.ts";
import { opensText, surveyStatusText } from "../present/surveys.ts";
import { senderFor } from "./announce.ts";
import type { CliContext } from "./context.ts";
import { UserError } from "./context.ts";
import { parseOptions } from "./options.ts";
import { registerSurveyResults } from "./survey-results.ts";

type Run = (action: (ctx: CliContext) => Promise<number>) => Promise<void>;

const telegramId = z
  .string()
  .regex(/^\d{1,20}$/)
  .optional();
const common = { as: telegramId, institution: z.string().min(1).optional(), json: z.boolean().optional() };

function surveyId(ctx: CliContext, value: string): number {
  if (!/^\d{1,9}$/.test(value.trim()) || Number(value) < 1) throw new UserError(ctx.t("surveys.cli.badId", { value }));
  return Number(value);
}

function hoursOption(ctx: CliContext, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const h = parseHours(value);
  if (h === null) throw ctx.problem({ code: "surveyReminderBad", params: { value } });
  return h;
}

async function timeZone(ctx: CliContext, institution: string | undefined): Promise<string> {
  return (await ctx.institution(institution)).timeZone;
}

function facts(ctx: CliContext, s: SurveyStatus) {
  return { ...s, id: s.survey.id, title: titleIn(s.survey, ctx.lng), opensAt: s.survey.opensAt, closesAt: s.survey.closesAt };
}

export function registerSurvey(program: Command, run: Run): void {
  const survey = program.command("survey").description("surveys: a form link to an audience, reminders, QR posters");
  survey
    .command("create")
    .description("save a survey as a draft (launch it with `sapat survey launch ID`)")
    .requiredOption("--title <title>", "the title (Kyrgyz, or the one language you have)")
    .option("--title-ru <title>", "the Russian title")
    .option("--title-en <title>", "the English title")
    .requiredOption("--url <url>", "the online form's link (https://…)")
    .requiredOption("--to <audience>", "who receives it, in the short form: role:student,unit:ЭФ,course:2-4")
    .option("--opens <date>", "opening day: 01.09.2026 or 2026-09-01 [HH:MM] (default: now)")
    .requiredOption("--closes <date>", "closing day (open to its end): 15.09.2026, 2026-09-15 [HH:MM] or +14d")
    .option("--token-field <field>", "the form's prefilled field for the personal token, e.g. entry.123456")
    .option("--reminders <times>", "reminders before close, e.g. 72h,24h (empty: none)")
    .option("--min-gap <hours>", "at least this long between two reminders to one person, e.g. 24h")
    .option("--max-reminders <n>", "at most this many reminders per person")
    .option("--as <telegramId>", "create as this bound user, within their scope (default: the institution)")
    .option("--institution <code>", "institution code")
    .option("--json", 'print { "surveyId", "audience" }')
    .action((raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(
          ctx,
          {
            ...common,
            title: z.string(),
            titleRu: z.string().optional(),
            titleEn: z.string().optional(),
            url: z.string(),
            to: z.string(),
            opens: z.string().optional(),
            closes: z.string(),
            tokenField: z.string().optional(),
            reminders: z.string().optional(),
            minGap: z.string().optional(),
            maxReminders: z.coerce.number().int().min(0).max(10).optional(),
          },
          raw,
        );
        const audience = parseAudience(o.to);
        if (!audience.ok) throw ctx.problem(audience.problem);
        const lead =
          o.reminders === undefined ? { ok: true as const, value: DEFAULT_REMINDERS.leadHours } : parseLeadHours(o.reminders);
        if (!lead.ok) throw ctx.problem(lead.problem);
        const reminders = {
          leadHours: lead.value,
          gapHours: hoursOption(ctx, o.minGap, DEFAULT_REMINDERS.gapHours),
          maxPerPerson: o.maxReminders ?? DEFAULT_REMINDERS.maxPerPerson,
        };
        const sender = await senderFor(ctx, o.institution, o.as);
        const r = await createSurvey(
          await ctx.deps(),
          sender,
          {
            titles: { ky: o.title, ru: o.titleRu, en: o.titleEn },
            url: o.url,
            tokenField: o.tokenField ?? null,
            audience: audience.value,
            opens: o.opens ?? null,
            closes: o.closes,
            reminders,
          },
          { createdBy: o.as ?? "cli", chatId: null },
        );
        if (!r.ok) throw ctx.problem(r.problem);
        const sentence = audienceSentence(ctx.t, ctx.lng, r.value.audience, r.value.recipients);
        ctx.io.out(
          o.json
            ? JSON.stringify({ surveyId: r.value.survey.id, audience: sentence })
            : ctx.t("surveys.cli.created", { id: r.value.survey.id, audience: sentence }),
        );
        return 0;
      }),
    );

  survey
    .command("launch")
    .description("queue the survey's links (once: launching again sends nothing new)")
    .argument("<id>", "survey number")
    .option("--as <telegramId>", "launch as this bound user, within their scope")
    .option("--institution <code>", "institution code")
    .option("--json", "print one JSON object")
    .action((id: string, raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(ctx, common, raw);
        const sender = await senderFor(ctx, o.institution, o.as);
        const r = await launchSurvey(await ctx.deps(), sender, surveyId(ctx, id), { createdBy: o.as ?? "cli" });
        if (!r.ok) throw ctx.problem(r.problem);
        const { survey: s, state, campaignId, recipients } = r.value;
        if (o.json) ctx.io.out(JSON.stringify({ surveyId: s.id, state, campaignId, recipients }));
        else {
          const opens = opensText(s.opensAt, await timeZone(ctx, o.institution));
          ctx.io.out(ctx.t(`surveys.cli.${state}`, { id: s.id, count: recipients, opens }));
        }
        return 0;
      }),
    );

  survey
    .command("status")
    .description("how far a survey has got: audience, reachable, sent, unreachable, confirmed, responses")
    .argument("<id>", "survey number")
    .option("--as <telegramId>", "as this bound user, within their scope")
    .option("--institution <code>", "institution code")
    .option("--json", 'print { "audience", "reachable", "sent", "unreachable", "confirmed", "responses" }')
    .action((id: string, raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(ctx, common, raw);
        const sender = await senderFor(ctx, o.institution, o.as);
        const r = await surveyStatus(await ctx.deps(), sender, surveyId(ctx, id));
        if (!r.ok) throw ctx.problem(r.problem);
        if (o.json) ctx.io.out(JSON.stringify(r.value.counts));
        else ctx.io.out(surveyStatusText(ctx.t, ctx.lng, facts(ctx, r.value), await timeZone(ctx, o.institution)));
        return 0;
      }),
    );

  survey
    .command("list")
    .description("the latest surveys with their status and response rates")
    .option("--as <telegramId>", "as this bound user, within their scope")
    .option("--institution <code>", "institution code")
    .option("--json", "print one JSON array")
    .action((raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(ctx, common, raw);
        const sender = await senderFor(ctx, o.institution, o.as);
        const r = await surveyList(await ctx.deps(), sender);
        if (!r.ok) throw ctx.problem(r.problem);
        const tz = await timeZone(ctx, o.institution);
        if (o.json) {
          const rows = r.value.map((s) => ({
            id: s.survey.id,
            title: titleIn(s.survey, ctx.lng),
            phase: s.phase,
            closes: closingDay(s.survey.closesAt, tz),
            ...s.counts,
          }));
          ctx.io.out(JSON.stringify(rows));
        } else if (!r.value.length) ctx.io.out(ctx.t("surveys.cli.none"));
        else ctx.io.out(r.value.map((s) => surveyStatusText(ctx.t, ctx.lng, facts(ctx, s), tz)).join("\n\n"));
        return 0;
      }),
    );

  survey
    .command("close")
    .description("close a survey now: no reminders after this")
    .argument("<id>", "survey number")
    .option("--as <telegramId>", "as this bound user, within their scope")
    .option("--institution <code>", "institution code")
    .action((id: string, raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(ctx, common, raw);
        const sender = await senderFor(ctx, o.institution, o.as);
        const r = await closeSurvey(await ctx.deps(), sender, surveyId(ctx, id));
        if (!r.ok) throw ctx.problem(r.problem);
        ctx.io.out(ctx.t(r.value.closed ? "surveys.cli.closed" : "surveys.cli.alreadyClosed", { id: r.value.survey.id }));
        return 0;
      }),
    );

  survey
    .command("qr")
    .description("a printable QR poster of the survey's public link (PNG)")
    .argument("<id>", "survey number")
    .option("--unit <unit>", "the unit the poster hangs in (its name on the poster; its responses count for it)")
    .option("--png <file>", "where to save the PNG")
    .option("--as <telegramId>", "as this bound user, within their scope")
    .option("--institution <code>", "institution code")
    .action((id: string, raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(ctx, { ...common, unit: z.string().min(1).optional(), png: z.string().min(1).optional() }, raw);
        if (!o.png) throw new UserError(ctx.t("surveys.cli.pngRequired"));
        const sender = await senderFor(ctx, o.institution, o.as);
        const r = await surveyPoster(await ctx.deps(), sender, surveyId(ctx, id), o.unit);
        if (!r.ok) throw ctx.problem(r.problem);
        const tz = await timeZone(ctx, o.institution);
        const { survey: s, unit, url } = r.value;
        const png = renderPoster({
          title: titleIn(s, ctx.lng),
          unit: unit
            ? ((ctx.lng === "ru" ? unit.names.ru : ctx.lng === "en" ? unit.names.en : unit.names.ky) ??
              unit.names.ky ??
              unit.code)
            : null,
          closes: ctx.t("surveys.poster.closes", { closes: closingDay(s.closesAt, tz) }),
          hint: ctx.t("surveys.poster.hint"),
          url,
        });
        writeFileSync(o.png, png);
        ctx.io.out(ctx.t("surveys.cli.posterSaved", { file: o.png }));
        return 0;
      }),
    );
  registerSurveyResults(survey, run);
}
