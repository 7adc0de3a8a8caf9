// sapat request create|status|list|close|remind: data requests from the quality department's
// terminal — the same use cases as /request and /requests in the bot. The CLI asks as the
// institution, or `--as` a bound user within that user's scope.
import os from "node:os";
import type { Command } from "commander";
import { z } from "zod";
import { formatDay, INSTITUTION_ACCESS, MAX_LEAD_DAYS, PRACTICE_KINDS } from "../../core/index.ts";
import { identify } from "../app/access/identify.ts";
import { closeRequest } from "../app/requests/close-request.ts";
import { createRequest, type NewRequestInput, planRequest, type RequestPlan } from "../app/requests/create-request.ts";
import { remindNow } from "../app/requests/remind-request.ts";
import { requestBoard, requestList } from "../app/requests/request-board.ts";
import type { Requester } from "../app/requests/requester.ts";
import { rowId } from "../app/row-id.ts";
import { boardHeader, fromText, personName, planSchedule, planText, unitLine, whatText } from "../present/requests.ts";
import { alignColumns } from "../present/table.ts";
import type { CliContext } from "./context.ts";
import { UserError } from "./context.ts";
import { form, parseOptions, stage, term, year } from "./options.ts";
import { boardJson, createdJson, listJson, planJson } from "./request-json.ts";

type Run = (action: (ctx: CliContext) => Promise<number>) => Promise<void>;

const telegramId = z
  .string()
  .regex(/^\d{1,20}$/)
  .optional();
/** A comma-separated option as its items. */
const items = z.string().transform((s) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean),
);
/** Lead times: whole days before the deadline, e.g. 7,3,1. */
const LEAD_HINT = `0…${MAX_LEAD_DAYS}, e.g. 7,3,1`;
const lead = items.pipe(
  z
    .array(
      z
        .string()
        .regex(/^\d{1,3}$/, { error: LEAD_HINT })
        .transform(Number)
        .pipe(z.number().max(MAX_LEAD_DAYS, { error: LEAD_HINT })),
    )
    .min(1, { error: LEAD_HINT }),
);
const common = { as: telegramId, institution: z.string().min(1).optional(), json: z.boolean().optional() };
const id = rowId;

/** The institution itself, or `--as` a bound user of it. */
export async function requesterFor(
  ctx: CliContext,
  institutionCode: string | undefined,
  as: string | undefined,
): Promise<Requester> {
  const institution = await ctx.institution(institutionCode);
  const actor = as ?? `cli:${os.userInfo().username}`;
  if (!as)
    return {
      access: INSTITUTION_ACCESS,
      institutionId: institution.id,
      telegramId: null,
      chatId: null,
      actor,
    };
  const who = await identify(await ctx.db(), as);
  if (!who.access || who.institution?.id !== institution.id) throw new UserError(ctx.t("cli.announce.unknownSender", { id: as }));
  return { access: who.access, institutionId: institution.id, telegramId: as, chatId: null, actor };
}

function registerCreate(request: Command, run: Run): void {
  request
    .command("create")
    .description("ask units for figures by a deadline; the heads get it now, reminders before the deadline")
    .requiredOption("--subject <subject>", "practice | session")
    .requiredOption("--year <year>", "academic year, e.g. 2025-2026")
    .requiredOption("--deadline <day>", "the last day, institution time: 2026-09-25 or 25.09.2026")
    .option("--kinds <kinds>", `practice kinds (default: all): ${PRACTICE_KINDS.join(",")}`)
    .option("--term <term>", "session: autumn | spring")
    .option("--stage <stage>", "session: main | after-retakes")
    .option("--form <form>", "session: full-time | part-time (default: both)")
    .option("--from <unit>", "every department of this unit (its leaf units where it has none)")
    .option("--units <units>", "exactly these units, comma-separated")
    .option("--lead <days>", "reminders this many days before the deadline", "7,3,1")
    .option("--as <telegramId>", "ask as this bound user, within their scope (default: the institution)")
    .option("--institution <code>", "institution code")
    .option("--dry-run", "show what would be asked of whom, send nothing")
    .option("--json", "print one JSON object")
    .action((raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(
          ctx,
          {
            ...common,
            subject: z.enum(["practice", "session"], { error: "practice | session" }),
            year,
            deadline: z.string().min(1),
            kinds: items.pipe(z.array(z.enum(PRACTICE_KINDS, { error: PRACTICE_KINDS.join(",") })).min(1)).optional(),
            term: term.optional(),
            stage: stage.optional(),
            form: form.optional(),
            from: z.string().trim().min(1).optional(),
            units: items.pipe(z.array(z.string().min(1)).min(1)).optional(),
            lead,
            dryRun: z.boolean().optional(),
          },
          raw,
        );
        if (!o.from === !o.units) throw new UserError(ctx.t("requests.cli.fromOrUnits"));
        const input: NewRequestInput = {
          subject: o.subject,
          year: o.year,
          kinds: o.kinds ?? null,
          term: o.term ?? null,
          stage: o.stage ?? null,
          form: o.form ?? null,
          from: o.from ? [o.from] : [],
          units: o.units ?? null,
          deadline: o.deadline,
          leadDays: o.lead,
        };
        const who = await requesterFor(ctx, o.institution, o.as);
        const deps = await ctx.deps();
        if (o.dryRun) {
          const planned = await planRequest(deps, who, input);
          if (!planned.ok) throw ctx.problem(planned.problem);
          ctx.io.out(o.json ? JSON.stringify(planJson(planned.value)) : planText(ctx, planned.value));
          return 0;
        }
        const r = await createRequest(deps, who, input);
        if (!r.ok) throw ctx.problem(r.problem);
        if (o.json) ctx.io.out(JSON.stringify(createdJson(r.value)));
        else printCreated(ctx, r.value.request.id, r.value.plan, r.value.notice);
        return 0;
      }),
    );
}

function printCreated(
  ctx: CliContext,
  id: number,
  plan: RequestPlan,
  notice: { campaign: { id: number }; recipients: number } | null,
) {
  const what = whatText(ctx, plan.what);
  ctx.io.out(ctx.t("requests.cli.created", { id, what, who: fromText(ctx, plan), deadline: formatDay(plan.deadlineDay) }));
  ctx.io.out(
    notice
      ? ctx.t("requests.cli.sent", { count: notice.recipients, campaign: notice.campaign.id })
      : ctx.t("requests.cli.sentNobody"),
  );
  for (const line of planSchedule(ctx, plan)) ctx.io.out(line);
}

function registerStatus(request: Command, run: Run): void {
  request
    .command("status")
    .description("a request's board: per unit submitted / not yet / overdue, the heads, the counts")
    .argument("<id>", "request number")
    .option("--as <telegramId>", "as this bound user")
    .option("--institution <code>", "institution code")
    .option("--json", "print one JSON object")
    .action((rawId: string, raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(ctx, { ...common, id }, { ...raw, id: rawId });
        const who = await requesterFor(ctx, o.institution, o.as);
        const board = await requestBoard(await ctx.deps(), who, o.id);
        if (!board.ok) throw ctx.problem(board.problem);
        if (o.json) {
          ctx.io.out(JSON.stringify(boardJson(board.value, (p) => personName(ctx, { ...p, unreachableReason: null }))));
          return 0;
        }
        for (const line of boardHeader(ctx, board.value)) ctx.io.out(line);
        ctx.io.out("");
        for (const row of board.value.rows) ctx.io.out(unitLine(ctx, row));
        return 0;
      }),
    );
}

function registerList(request: Command, run: Run): void {
  request
    .command("list")
    .description("requests, newest first, with their counts")
    .option("--status <status>", "open | closed | all", "all")
    .option("--as <telegramId>", "as this bound user (a dean sees his own)")
    .option("--institution <code>", "institution code")
    .option("--json", "print one JSON array")
    .action((raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(ctx, { ...common, status: z.enum(["open", "closed", "all"]) }, raw);
        const who = await requesterFor(ctx, o.institution, o.as);
        const institution = await ctx.institution(o.institution);
        const listed = await requestList(await ctx.deps(), who, o.status);
        if (!listed.ok) throw ctx.problem(listed.problem);
        if (o.json) {
          ctx.io.out(JSON.stringify(listJson(listed.value, institution.timeZone)));
          return 0;
        }
        if (!listed.value.length) {
          ctx.io.out(ctx.t("requests.cli.none"));
          return 0;
        }
        const head = ["id", "deadline", "status", "submitted", "what"].map((h) => ctx.t(`requests.cli.columns.${h}`));
        const rows = listJson(listed.value, institution.timeZone).map((r, i) => [
          `#${r.id}`,
          formatDay(r.deadline),
          ctx.t(`requests.cli.status.${r.status}`),
          `${r.counts.submitted}/${r.counts.total}`,
          whatText(ctx, (listed.value[i] as (typeof listed.value)[number]).request.what),
        ]);
        for (const line of alignColumns([head, ...rows]).lines) ctx.io.out(line);
        return 0;
      }),
    );
}

function registerActions(request: Command, run: Run): void {
  request
    .command("close")
    .description("close a request: no more reminders, no overdue list")
    .argument("<id>", "request number")
    .option("--as <telegramId>", "as this bound user (its creator)")
    .option("--institution <code>", "institution code")
    .option("--json", "print one JSON object")
    .action((rawId: string, raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(ctx, { ...common, id }, { ...raw, id: rawId });
        const closed = await closeRequest(await ctx.deps(), await requesterFor(ctx, o.institution, o.as), o.id);
        if (!closed.ok) throw ctx.problem(closed.problem);
        const { closedAt } = closed.value;
        ctx.io.out(
          o.json ? JSON.stringify({ id: o.id, status: "closed", closedAt }) : ctx.t("requests.cli.closed", { id: o.id }),
        );
        return 0;
      }),
    );
  request
    .command("remind")
    .description("remind now the heads of the units that have not submitted")
    .argument("<id>", "request number")
    .option("--as <telegramId>", "as this bound user (its creator)")
    .option("--institution <code>", "institution code")
    .option("--json", "print one JSON object")
    .action((rawId: string, raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(ctx, { ...common, id }, { ...raw, id: rawId });
        const deps = await ctx.deps();
        const nonce = deps.now().getTime().toString(36);
        const sent = await remindNow(deps, await requesterFor(ctx, o.institution, o.as), o.id, nonce);
        if (!sent.ok) throw ctx.problem(sent.problem);
        const { campaign, created, recipients } = sent.value;
        if (o.json) ctx.io.out(JSON.stringify({ campaignId: campaign.id, recipients, created }));
        else
          ctx.io.out(
            created
              ? ctx.t("requests.cli.reminded", { count: recipients, campaign: campaign.id })
              : ctx.t("requests.cli.remindedAgain", { campaign: campaign.id }),
          );
        return 0;
      }),
    );
}

export function registerRequest(program: Command, run: Run): void {
  const request = program
    .command("request")
    .description("data requests: ask units for figures by a deadline, watch, remind, close");
  registerCreate(request, run);
  registerStatus(request, run);
  registerList(request, run);
  registerActions(request, run);
}
