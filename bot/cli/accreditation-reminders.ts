// `sapat accreditation reminders [--leads 12,6,3,1]`: the institution's reminder lead times
// (months before expiry), set them, and list the reminders scheduled. Attaches to the
// `accreditation` command when it exists (the registry's), else makes it.
import type { Command } from "commander";
import { z } from "zod";
import { reminderPlan } from "../app/accreditation/reminder-settings.ts";
import { dateTime } from "../present/format.ts";
import type { CliContext } from "./context.ts";
import { parseOptions } from "./options.ts";

type Run = (action: (ctx: CliContext) => Promise<number>) => Promise<void>;

export function registerAccreditationReminders(program: Command, run: Run): void {
  const acc =
    program.commands.find((c) => c.name() === "accreditation") ??
    program.command("accreditation").description("the accreditation registry and its expiry reminders");
  acc
    .command("reminders")
    .description("expiry reminder lead times (months before expiry) and the reminders scheduled")
    .option("--leads <months>", "set the lead times, e.g. 12,6,3,1")
    .option("--institution <code>", "institution code (default: the only one stored)")
    .option("--json", "print one JSON object")
    .action((raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(
          ctx,
          { leads: z.string().optional(), institution: z.string().min(1).optional(), json: z.boolean().optional() },
          raw,
        );
        const institution = await ctx.institution(o.institution);
        const r = await reminderPlan(
          await ctx.deps(),
          institution.id,
          o.leads === undefined ? undefined : { leads: o.leads, actor: "cli" },
        );
        if (!r.ok) throw ctx.problem(r.problem);
        const plan = r.value;
        if (o.json) {
          ctx.io.out(JSON.stringify({ ...plan, pending: plan.pending.map((p) => ({ ...p, at: p.at.toISOString() })) }));
          return 0;
        }
        const leads = plan.leads.join(", ");
        ctx.io.out(
          o.leads === undefined
            ? ctx.t("accreditationBot.cli.leads", {
                leads,
                note: plan.isDefault ? ctx.t("accreditationBot.cli.defaultNote") : "",
              })
            : ctx.t("accreditationBot.cli.saved", { leads, scheduled: plan.scheduled }),
        );
        if (!plan.pending.length) ctx.io.out(ctx.t("accreditationBot.cli.noneScheduled"));
        else ctx.io.out(ctx.t("accreditationBot.cli.scheduledHead", { count: plan.pending.length }));
        for (const p of plan.pending)
          ctx.io.out(
            ctx.t("accreditationBot.cli.scheduledLine", { at: dateTime(p.at, ctx.lng), id: p.accreditationId, count: p.lead }),
          );
        return 0;
      }),
    );
}
