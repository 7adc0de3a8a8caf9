// sapat announce / sapat campaign status|list: announcements from the quality department's
// terminal. The same use case as /announce: the audience is checked in the sender's scope.
import type { Command } from "commander";
import { z } from "zod";
import { INSTITUTION_ACCESS, NOTICE_CATEGORIES, parseAudience, parseLocalDateTime } from "../../core/index.ts";
import { identify } from "../app/access/identify.ts";
import type { Sender } from "../app/delivery/audience.ts";
import { resolveAudience } from "../app/delivery/audience.ts";
import { audienceOf, campaignStatus, createCampaign, recentCampaigns, undeliveredOf } from "../app/delivery/campaigns.ts";
import { scheduleCampaign } from "../app/delivery/jobs.ts";
import { MAX_TEXT } from "../app/delivery/message.ts";
import { rowId } from "../app/row-id.ts";
import { audienceSentence, progressText, reportText } from "../present/delivery.ts";
import { dateTime } from "../present/format.ts";
import { alignColumns } from "../present/table.ts";
import type { CliContext } from "./context.ts";
import { UserError } from "./context.ts";
import { parseOptions } from "./options.ts";

type Run = (action: (ctx: CliContext) => Promise<number>) => Promise<void>;

/** The CLI sends as the institution, or `--as` a bound user within their scope. */
export async function senderFor(ctx: CliContext, institutionCode: string | undefined, as: string | undefined): Promise<Sender> {
  const institution = await ctx.institution(institutionCode);
  if (!as) return { access: INSTITUTION_ACCESS, institutionId: institution.id };
  const who = await identify(await ctx.db(), as);
  if (!who.access || who.institution?.id !== institution.id) throw new UserError(ctx.t("cli.announce.unknownSender", { id: as }));
  return { access: who.access, institutionId: institution.id };
}

function readText(ctx: CliContext, text: string): string {
  const trimmed = text.trim();
  if (trimmed === "") throw new UserError(ctx.t("cli.announce.emptyText"));
  if (trimmed.length > MAX_TEXT) throw new UserError(ctx.t("cli.announce.longText", { max: MAX_TEXT, length: trimmed.length }));
  return trimmed;
}

export function registerAnnounce(program: Command, run: Run): void {
  program
    .command("announce")
    .description("send an announcement to an audience (all | role:dean | role:head,unit:ИЭФ | role:student,unit:ЭФ,course:2-4)")
    .requiredOption("--to <audience>", "who receives it, in the short form")
    .requiredOption("--text <text>", `the announcement (at most ${MAX_TEXT} characters)`)
    .option("--as <telegramId>", "send as this bound user, within their scope (default: the institution)")
    .option("--at <time>", "send later: YYYY-MM-DD HH:MM, institution time; quiet hours move it to the morning")
    .option("--key <key>", "idempotency key: the same key again creates nothing new")
    .option("--category <category>", NOTICE_CATEGORIES.join(" | "), "announcements")
    .option("--dry-run", "say who would receive it, send nothing")
    .option("--institution <code>", "institution code")
    .option("--json", "print one JSON object")
    .action((raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(
          ctx,
          {
            to: z.string(),
            text: z.string(),
            as: z
              .string()
              .regex(/^\d{1,20}$/)
              .optional(),
            at: z.string().optional(),
            key: z.string().min(1).max(200).optional(),
            category: z.enum(NOTICE_CATEGORIES),
            dryRun: z.boolean().optional(),
            institution: z.string().min(1).optional(),
            json: z.boolean().optional(),
          },
          raw,
        );
        const text = readText(ctx, o.text);
        const audience = parseAudience(o.to);
        if (!audience.ok) throw ctx.problem(audience.problem);
        const sender = await senderFor(ctx, o.institution, o.as);
        const deps = await ctx.deps();
        const resolved = await resolveAudience(deps.db, sender, audience.value);
        if (!resolved.ok) throw ctx.problem(resolved.problem);
        const sentence = audienceSentence(ctx.t, ctx.lng, resolved.value.audience, resolved.value.recipients.length);
        if (o.dryRun) {
          ctx.io.out(o.json ? JSON.stringify({ recipients: resolved.value.recipients.length, audience: sentence }) : sentence);
          return 0;
        }
        const institution = await ctx.institution(o.institution);
        const campaign = { kind: "announcement", category: o.category, audience: audience.value, message: { text }, as: o.as };
        if (o.at !== undefined) {
          const at = parseLocalDateTime(o.at, institution.timeZone);
          if (!at) throw new UserError(ctx.t("cli.announce.badTime", { value: o.at }));
          const key = o.key ?? `announce:${deps.now().toISOString()}`;
          const { job, created } = await scheduleCampaign(deps, { key, institution, dueAt: at, quietHours: true, campaign });
          if (o.json) ctx.io.out(JSON.stringify({ job: job.key, dueAt: job.dueAt.toISOString(), created }));
          else
            ctx.io.out(
              ctx.t(created ? "cli.announce.scheduled" : "cli.announce.alreadyScheduled", {
                at: dateTime(job.dueAt, ctx.lng),
                key: job.key,
                audience: sentence,
              }),
            );
          return 0;
        }
        const r = await createCampaign(deps, {
          sender,
          kind: campaign.kind,
          category: o.category,
          audience: audience.value,
          message: { text },
          idempotencyKey: o.key,
          createdBy: o.as ?? "cli",
        });
        if (!r.ok) throw ctx.problem(r.problem);
        const { campaign: c, created, recipients } = r.value;
        if (o.json) ctx.io.out(JSON.stringify({ campaignId: c.id, recipients, created }));
        else ctx.io.out(ctx.t(created ? "cli.announce.queued" : "cli.announce.existing", { id: c.id, audience: sentence }));
        return 0;
      }),
    );

  const campaign = program.command("campaign").description("announcements and reminders sent, and how far they got");
  campaign
    .command("status")
    .description("one campaign's counts and who could not be reached")
    .argument("<id>", "campaign number")
    .option("--institution <code>", "institution code")
    .option("--json", "print one JSON object")
    .action((id: string, raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(
          ctx,
          { id: rowId, institution: z.string().optional(), json: z.boolean().optional() },
          { ...raw, id },
        );
        const institution = await ctx.institution(o.institution);
        const deps = await ctx.deps();
        const status = await campaignStatus(deps, institution.id, o.id);
        if (!status) throw new UserError(ctx.t("cli.campaign.notFound", { id: o.id }));
        const { counts } = status;
        if (o.json) {
          const { total, sent, failed, unreachable, queued, sending, skipped, resent, reasons } = counts;
          ctx.io.out(
            JSON.stringify({
              total,
              sent,
              failed,
              unreachable,
              queued: queued + sending,
              skipped,
              resent,
              reasons,
              status: status.campaign.status,
            }),
          );
          return 0;
        }
        ctx.io.out(`#${o.id} · ${audienceSentence(ctx.t, ctx.lng, audienceOf(status.campaign), counts.total)}`);
        const undelivered = await undeliveredOf(deps, o.id);
        ctx.io.out(
          status.campaign.status === "done"
            ? reportText(ctx.t, ctx.lng, o.id, counts, undelivered, Number.POSITIVE_INFINITY)
            : progressText(ctx.t, ctx.lng, counts),
        );
        return 0;
      }),
    );
  campaign
    .command("list")
    .description("the latest campaigns")
    .option("--institution <code>", "institution code")
    .option("--json", "print one JSON array")
    .action((raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(ctx, { institution: z.string().optional(), json: z.boolean().optional() }, raw);
        const institution = await ctx.institution(o.institution);
        const list = await recentCampaigns(await ctx.deps(), institution.id);
        if (o.json) {
          ctx.io.out(
            JSON.stringify(
              list.map(({ campaign: c, counts }) => ({
                id: c.id,
                kind: c.kind,
                status: c.status,
                createdAt: c.createdAt,
                total: counts.total,
                sent: counts.sent,
                unreachable: counts.unreachable,
                failed: counts.failed,
                skipped: counts.skipped,
              })),
            ),
          );
          return 0;
        }
        if (!list.length) {
          ctx.io.out(ctx.t("cli.campaign.none"));
          return 0;
        }
        const head = ["id", "created", "status", "sent", "audience"].map((h) => ctx.t(`cli.campaign.columns.${h}`));
        const rows = list.map(({ campaign: c, counts }) => [
          `#${c.id}`,
          dateTime(c.createdAt, ctx.lng),
          ctx.t(`cli.campaign.status.${c.status}`),
          `${counts.sent}/${counts.total}`,
          audienceSentence(ctx.t, ctx.lng, audienceOf(c), counts.total),
        ]);
        for (const line of alignColumns([head, ...rows]).lines) ctx.io.out(line);
        return 0;
      }),
    );
}
