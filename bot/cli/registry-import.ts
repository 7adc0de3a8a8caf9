// `sapat import programmes|accreditations|licences|agencies FILE`: the registry's files, with
// the same preview, --yes, --json and exit codes as the other imports.
import { existsSync } from "node:fs";
import os from "node:os";
import type { Command } from "commander";
import { z } from "zod";
import { scheduleAccreditationReminders } from "../app/accreditation/accreditation-reminders.ts";
import { importRegistryFile, REGISTRY_KINDS, type RegistryImportOutcome } from "../app/accreditation/registry-import.ts";
import { changeTarget } from "../present/accreditation.ts";
import { problemText } from "../present/problem.ts";
import { type CliContext, UserError } from "./context.ts";
import { EXIT_NEEDS_CONFIRMATION } from "./import.ts";
import { parseOptions } from "./options.ts";

type Run = (action: (ctx: CliContext) => Promise<number>) => Promise<void>;

function print(ctx: CliContext, o: RegistryImportOutcome): void {
  const { t } = ctx;
  if (o.status === "rejected") {
    ctx.io.err(t("import.rejected", { file: o.file }));
    for (const i of o.issues)
      ctx.io.err(`  ${i.line ? t("import.issue", { line: i.line, message: problemText(i, ctx) }) : problemText(i, ctx)}`);
    return;
  }
  for (const w of o.warnings) ctx.io.err(`  ${t("import.issue", { line: w.line, message: problemText(w, ctx) })}`);
  const counts = { file: o.file, read: o.read, added: o.added.length, changed: o.changed.length, unchanged: o.unchanged };
  ctx.io.out(t(o.status === "written" ? "accreditation.import.done" : "accreditation.import.pending", counts));
  if (o.newAgencies.length) ctx.io.out(t("accreditation.import.newAgencies", { agencies: o.newAgencies.join(", ") }));
  for (const c of o.changed)
    ctx.io.out(
      `  ${changeTarget(c.target, ctx)}: ${c.changes.map((f) => `${f.field} “${f.from ?? ""}” → “${f.to ?? ""}”`).join("; ")}`,
    );
  if (o.status === "pending") ctx.io.err(t("import.confirmHint"));
}

export function registerRegistryImport(cmd: Command, run: Run): void {
  for (const kind of REGISTRY_KINDS) {
    cmd
      .command(`${kind} <file>`)
      .option("--institution <code>", "institution code (default: the only one stored)")
      .option("--by <name>", "who enters the data (default: the OS user)")
      .option("--yes", "write changes to stored programmes (without it they are only shown, and nothing is written)")
      .option("--json", "print the outcome as one JSON object")
      .action((file: string, raw: Record<string, unknown>) =>
        run(async (ctx) => {
          const o = parseOptions(
            ctx,
            {
              institution: z.string().min(1).optional(),
              by: z.string().min(1).optional(),
              yes: z.boolean().optional(),
              json: z.boolean().optional(),
            },
            raw,
          );
          if (!existsSync(file)) throw new UserError(ctx.t("cli.fileNotFound", { file }));
          const institution = await ctx.institution(o.institution);
          const outcome = await importRegistryFile(await ctx.db(), {
            kind,
            file,
            institutionId: institution.id,
            enteredBy: o.by ?? `cli:${os.userInfo().username}`,
            confirm: o.yes ?? false,
            at: new Date(),
          });
          // new decisions (or leaders) get their expiry reminders now, not at the worker's next daily plan
          if (outcome.status === "written") await scheduleAccreditationReminders(await ctx.deps(), institution.id);
          if (o.json) {
            const worded = (i: { code: string; params: Record<string, unknown> }) => ({
              ...i,
              message: problemText(i as never, ctx),
            });
            ctx.io.out(
              JSON.stringify(
                outcome.status === "rejected"
                  ? { ...outcome, issues: outcome.issues.map(worded) }
                  : { ...outcome, warnings: outcome.warnings.map(worded) },
                null,
                2,
              ),
            );
          } else print(ctx, outcome);
          return outcome.status === "written" ? 0 : outcome.status === "pending" ? EXIT_NEEDS_CONFIRMATION : 1;
        }),
      );
  }
}
