// sapat plan from-review FILE: one action-plan item per recommendation of an external review
// (the review file `sapat review summary` reads), each with the same responsible people,
// controller and deadline. Shown first; --yes writes it.
import path from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { reviewRecommendations } from "../../core/index.ts";
import { plansFromRecommendations } from "../app/plans/create-plan.ts";
import { summarizeReviewFile } from "../app/reviews/review-summary.ts";
import { problemText } from "../present/problem.ts";
import type { CliContext } from "./context.ts";
import { parseOptions } from "./options.ts";
import { requesterFor } from "./request.ts";
import { fileBytes, rejectedReview } from "./review.ts";

type Run = (action: (ctx: CliContext) => Promise<number>) => Promise<void>;

export function registerPlanFromReview(plan: Command, run: Run): void {
  plan
    .command("from-review")
    .description(
      "a plan with one item per recommendation of a review file (standard, criterion, rating, comment); --yes writes it",
    )
    .argument("<file>", "the review, CSV or XLSX")
    .requiredOption("--controller <who>", "who controls it: a Telegram id, @username or words")
    .requiredOption("--deadline <when>", 'every item\'s deadline: "30.06.2027", a range or two stages')
    .option("--responsible <who>", "who answers for each item (default: the controller)")
    .option("--title <title>", "the plan's title (default: the file's name)")
    .option("--year <year>", "academic year a date written without a year falls in (default: the current one)")
    .option("--yes", "write it")
    .option("--as <telegramId>", "as this bound user (a dean: within his faculty)")
    .option("--institution <code>", "institution code")
    .option("--json", "print one JSON object")
    .action((file: string, raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const text = z.string().trim().min(1).max(300);
        const o = parseOptions(
          ctx,
          {
            controller: text,
            deadline: text,
            responsible: text.optional(),
            title: text.optional(),
            year: z.string().optional(),
            yes: z.boolean().optional(),
            as: z
              .string()
              .regex(/^\d{1,20}$/)
              .optional(),
            institution: z.string().min(1).optional(),
            json: z.boolean().optional(),
          },
          raw,
        );
        const bytes = await fileBytes(ctx, file);
        const who = await requesterFor(ctx, o.institution, o.as);
        const institution = await ctx.institution(o.institution);
        const deps = await ctx.deps();
        const r = await summarizeReviewFile(deps, { access: who.access, institution }, { bytes });
        if (!r.ok) throw ctx.problem(r.problem);
        if (r.value.status === "rejected") throw rejectedReview(ctx, r.value, file);
        const recommendations = reviewRecommendations(r.value.summary);
        if (!recommendations.length) {
          ctx.io.err(ctx.t("plans.cli.noRecommendations", { file: path.basename(file) }));
          return 1;
        }
        const title = o.title ?? path.basename(file).replace(/\.[^.]+$/u, "");
        if (!o.yes) {
          if (o.json) ctx.io.out(JSON.stringify({ written: false, planId: null, title, items: recommendations }));
          else {
            ctx.io.out(ctx.t("plans.cli.fromReview", { title, count: recommendations.length, controller: o.controller }));
            recommendations.forEach((rec, i) => {
              ctx.io.out(`  ${i + 1}. ${rec.standard ? `${rec.standard}: ` : ""}${rec.text}`);
            });
            ctx.io.err(ctx.t("plans.cli.confirm"));
          }
          return 2;
        }
        const created = await plansFromRecommendations(deps, who, {
          title,
          controller: o.controller,
          deadline: o.deadline,
          recommendations,
          ...(o.responsible ? { responsible: o.responsible } : {}),
          ...(o.year ? { year: o.year } : {}),
          source: path.basename(file),
        });
        if (!created.ok) {
          ctx.io.err(`${ctx.t("plans.cli.rejected")}\n  ${problemText(created.problem, ctx)}`);
          return 1;
        }
        const { plan, items } = created.value;
        if (o.json) ctx.io.out(JSON.stringify({ written: true, planId: plan.id, title, items: recommendations }));
        else ctx.io.out(ctx.t("plans.cli.written", { id: plan.id, count: items.length }));
        return 0;
      }),
    );
}
