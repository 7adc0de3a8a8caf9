// sapat plan import|list|items|done: action plans from the quality department's terminal —
// the same use cases as /plans in the bot. The CLI acts as the institution, or `--as` a
// bound user within that user's reach.
import path from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { readImportFile } from "../app/imports/read-file.ts";
import { importPlanFile } from "../app/plans/create-plan.ts";
import { markItemDone } from "../app/plans/plan-actions.ts";
import type { LineIssue } from "../app/plans/plan-items.ts";
import { itemsInReach, plansInReach, type SeenItem } from "../app/plans/plan-lists.ts";
import { rowId } from "../app/row-id.ts";
import { itemLine, planLine, stagesText } from "../present/plans.ts";
import { problemText } from "../present/problem.ts";
import type { CliContext } from "./context.ts";
import { UserError } from "./context.ts";
import { parseOptions } from "./options.ts";
import { registerPlanFromReview } from "./plan-from-review.ts";
import { requesterFor } from "./request.ts";

type Run = (action: (ctx: CliContext) => Promise<number>) => Promise<void>;

const common = {
  as: z
    .string()
    .regex(/^\d{1,20}$/)
    .optional(),
  institution: z.string().min(1).optional(),
  json: z.boolean().optional(),
};
const id = rowId;
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");
/** "30d" or "30": days. */
const days = z
  .string()
  .regex(/^\d{1,3}d?$/, "30d")
  .transform((s) => Number.parseInt(s, 10));

/** Every line's problem on stderr (at most 50): the file is refused whole. */
function printIssues(ctx: CliContext, issues: readonly LineIssue[]): void {
  ctx.io.err(ctx.t("plans.cli.rejected"));
  for (const i of issues.slice(0, 50))
    ctx.io.err(`  ${i.line ? ctx.t("import.issue", { line: i.line, message: problemText(i, ctx) }) : problemText(i, ctx)}`);
}

export const itemJson = (s: SeenItem) => ({
  id: s.item.id,
  plan: s.plan.id,
  number: s.item.number,
  text: s.item.text,
  unit: s.item.unit,
  responsible: s.item.responsibleText,
  people: s.people,
  state: s.state,
  stages: s.item.stages.map((st) => ({ position: st.position, label: st.label, from: st.from, due: st.due, done: st.done })),
  evidence: s.item.evidence,
});

function registerImport(plan: Command, run: Run): void {
  plan
    .command("import")
    .description("a plan from a CSV/XLSX (item, text, responsible, controller, deadline); shown first, --yes writes it")
    .argument("<file>", "CSV or XLSX")
    .option("--title <title>", "the plan's title (default: the file's name)")
    .option("--controller <who>", "who controls it: a Telegram id, @username or words (default: the file's controller column)")
    .option("--source <text>", 'where it comes from, e.g. "Academic council resolution No 5 of 28.08.2026"')
    .option("--kind <kind>", "resolution | accreditation | review", "resolution")
    .option("--year <year>", "academic year a date written without a year falls in (default: the current one)")
    .option("--yes", "write it")
    .option("--as <telegramId>", "as this bound user (a dean: within his faculty)")
    .option("--institution <code>", "institution code")
    .option("--json", "print one JSON object")
    .action((file: string, raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(
          ctx,
          {
            ...common,
            title: z.string().trim().min(1).max(300).optional(),
            controller: z.string().trim().min(1).optional(),
            source: z.string().trim().min(1).max(300).optional(),
            kind: z.enum(["resolution", "accreditation", "review"]),
            year: z.string().optional(),
            yes: z.boolean().optional(),
          },
          raw,
        );
        // a folder, a missing or an oversized file is refused as every import refuses it
        const bytes = await readImportFile(file);
        if ("code" in bytes) {
          printIssues(ctx, [bytes]);
          return 1;
        }
        const who = await requesterFor(ctx, o.institution, o.as);
        const title = o.title ?? path.basename(file).replace(/\.[^.]+$/u, "");
        const r = await importPlanFile(
          await ctx.deps(),
          who,
          bytes,
          { title, controller: o.controller ?? null, source: o.source ?? null, kind: o.kind, year: o.year ?? null },
          Boolean(o.yes),
        );
        if (!r.ok) {
          printIssues(ctx, r.issues);
          return 1;
        }
        const { preview } = r.value;
        const h = preview.header;
        if (o.json) {
          const items = preview.items.map((i) => ({
            line: i.line,
            number: i.number,
            text: i.text,
            stages: i.stages,
            responsible: i.responsible,
          }));
          ctx.io.out(JSON.stringify({ written: r.value.written, planId: r.value.written ? r.value.plan.id : null, ...h, items }));
        } else {
          ctx.io.out(
            ctx.t("plans.cli.preview", {
              title: h.title,
              count: preview.items.length,
              controller: h.controllerText,
              year: h.year,
            }),
          );
          for (const i of preview.items)
            ctx.io.out(
              `  ${itemLine(ctx, { ...i, unit: null, stages: i.stages.map((s, n) => ({ ...s, position: n + 1, done: false })) }, "open")}`,
            );
          if (r.value.written) ctx.io.out(ctx.t("plans.cli.written", { id: r.value.plan.id, count: r.value.items.length }));
          else ctx.io.err(ctx.t("plans.cli.confirm"));
        }
        return r.value.written ? 0 : 2;
      }),
    );
}

function registerList(plan: Command, run: Run): void {
  plan
    .command("list")
    .description("the plans in reach, newest first, with open / done / overdue counts")
    .option("--on <day>", "counts for this day (YYYY-MM-DD; default: today)")
    .option("--as <telegramId>", "as this bound user")
    .option("--institution <code>", "institution code")
    .option("--json", "print one JSON array")
    .action((raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(ctx, { ...common, on: day.optional() }, raw);
        const r = await plansInReach(await ctx.deps(), await requesterFor(ctx, o.institution, o.as), o.on ?? null);
        if (!r.ok) throw ctx.problem(r.problem);
        if (o.json) {
          const rows = r.value.plans.map(({ plan, counts }) => ({
            id: plan.id,
            title: plan.title,
            source: plan.source,
            kind: plan.kind,
            controller: plan.controllerText,
            counts,
          }));
          ctx.io.out(JSON.stringify(rows));
        } else if (!r.value.plans.length) ctx.io.out(ctx.t("plans.cli.none"));
        else for (const p of r.value.plans) ctx.io.out(planLine(ctx, p.plan, p.counts));
        return 0;
      }),
    );
}

function registerItems(plan: Command, run: Run): void {
  plan
    .command("items")
    .description("a plan's items (or --all plans'): overdue first, then soonest due; --due-within, --overdue narrow it")
    .argument("[plan]", "plan number")
    .option("--all", "the items of every plan in reach")
    .option("--due-within <days>", "items with a stage due within this many days, e.g. 30d")
    .option("--overdue", "items past a stage's day and not done")
    .option("--on <day>", "as on this day (YYYY-MM-DD; default: today)")
    .option("--as <telegramId>", "as this bound user")
    .option("--institution <code>", "institution code")
    .option("--json", "print one JSON array")
    .action((rawPlan: string | undefined, raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(
          ctx,
          {
            ...common,
            plan: id.optional(),
            all: z.boolean().optional(),
            dueWithin: days.optional(),
            overdue: z.boolean().optional(),
            on: day.optional(),
          },
          { ...raw, plan: rawPlan },
        );
        if (!o.plan === !o.all) throw new UserError(ctx.t("plans.cli.allOrId"));
        const r = await itemsInReach(await ctx.deps(), await requesterFor(ctx, o.institution, o.as), {
          planId: o.plan ?? null,
          on: o.on ?? null,
          dueWithinDays: o.dueWithin ?? null,
          overdue: Boolean(o.overdue),
        });
        if (!r.ok) throw ctx.problem(r.problem);
        if (o.json) ctx.io.out(JSON.stringify(r.value.items.map(itemJson)));
        else if (!r.value.items.length) ctx.io.out(ctx.t("plans.cli.noItems"));
        else for (const s of r.value.items) ctx.io.out(itemLine(ctx, s.item, s.state));
        return 0;
      }),
    );
}

function registerDone(plan: Command, run: Run): void {
  plan
    .command("done")
    .description("mark an item (or --stage N of it) done, with its evidence: a note or a link")
    .argument("<item>", "item number (#id)")
    .requiredOption("--evidence <text>", "what shows it is done: a note or a link")
    .option("--stage <n>", "only this stage of a staged item")
    .option("--as <telegramId>", "as this bound user (one responsible, the controller, a dean)")
    .option("--institution <code>", "institution code")
    .option("--json", "print one JSON object")
    .action((rawItem: string, raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(
          ctx,
          { ...common, item: id, stage: id.optional(), evidence: z.string() },
          { ...raw, item: rawItem },
        );
        const who = await requesterFor(ctx, o.institution, o.as);
        const r = await markItemDone(await ctx.deps(), who, o.item, o.stage ?? null, { note: o.evidence });
        if (!r.ok) throw ctx.problem(r.problem);
        const it = r.value;
        if (o.json)
          ctx.io.out(
            JSON.stringify({ id: it.id, number: it.number, status: it.status, stages: it.stages, evidence: it.evidence }),
          );
        else ctx.io.out(ctx.t("plans.cli.done", { id: it.id, number: it.number, stages: stagesText(it.stages) }));
        return 0;
      }),
    );
}

export function registerPlan(program: Command, run: Run): void {
  const plan = program
    .command("plan")
    .description("action plans: a resolution's items, who answers for them, by when; reminders and overdue lists");
  registerImport(plan, run);
  registerList(plan, run);
  registerItems(plan, run);
  registerDone(plan, run);
  registerPlanFromReview(plan, run);
}
