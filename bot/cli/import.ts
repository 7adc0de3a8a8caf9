import { existsSync } from "node:fs";
import os from "node:os";
import type { Command } from "commander";
import { z } from "zod";
import { FIGURE_METRICS, type ImportKind, type ImportOutcome, importFile } from "../app/imports/import-file.ts";
import { problemText } from "../present/problem.ts";
import { type CliContext, UserError } from "./context.ts";
import { form, parseOptions, term } from "./options.ts";

export function printImportOutcome(ctx: CliContext, o: ImportOutcome): void {
  const { t } = ctx;
  if (o.ok) {
    ctx.io.out(t(o.kind === "units" ? "import.doneUnits" : "import.done", { file: o.file, read: o.read, ...o.tally }));
    return;
  }
  ctx.io.err(t("import.rejected", { file: o.file }));
  for (const i of o.issues) ctx.io.err(`  ${t("import.issue", { line: i.line, message: problemText(i, ctx) })}`);
}

export function registerImport(program: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void {
  const cmd = program
    .command("import")
    .description("import a published CSV report (session results, totals or figures) or the units file");
  for (const kind of ["session", "totals", "figures", "units"] as const) {
    const sub = cmd
      .command(`${kind} <file>`)
      .option("--institution <code>", "institution code (default: the only one stored)")
      .option("--by <name>", "who enters the data (default: the OS user)");
    if (kind === "figures")
      sub
        .requiredOption("--metric <metric>", `what the percentages are: ${FIGURE_METRICS.join(" | ")}`)
        .option("--term <term>", "autumn | spring, when the figures are for one term")
        .option("--form <form>", "full-time | part-time, when the figures are for one form");
    sub.action((file: string, raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const opts = parseOptions(
          ctx,
          {
            institution: z.string().min(1).optional(),
            by: z.string().min(1).optional(),
            metric: z.enum(FIGURE_METRICS).optional(),
            term: term.optional(),
            form: form.optional(),
          },
          raw,
        );
        if (!existsSync(file)) throw new UserError(ctx.t("cli.fileNotFound", { file }));
        const institution = await ctx.institution(opts.institution);
        const outcome = await importFile(await ctx.db(), {
          kind: kind as ImportKind,
          file,
          institutionId: institution.id,
          enteredBy: opts.by ?? `cli:${os.userInfo().username}`,
          ...(opts.metric ? { metric: opts.metric } : {}),
          ...(opts.term ? { term: opts.term } : {}),
          ...(opts.form ? { form: opts.form } : {}),
        });
        printImportOutcome(ctx, outcome);
        return outcome.ok ? 0 : 1;
      }),
    );
  }
}
