// sapat import roster FILE: the student roster (student_id, full_name, group, unit, course,
// form). New students are written at once; students who moved are shown and wait for --yes
// (exit 2); students the file no longer lists are kept and named.
import { existsSync } from "node:fs";
import os from "node:os";
import type { Command } from "commander";
import { z } from "zod";
import { importRosterFile, type RosterOutcome } from "../app/imports/roster-import.ts";
import { problemText } from "../present/problem.ts";
import { rosterLines } from "../present/roster.ts";
import { type CliContext, UserError } from "./context.ts";
import { EXIT_NEEDS_CONFIRMATION } from "./import.ts";
import { parseOptions } from "./options.ts";

function printRoster(ctx: CliContext, o: RosterOutcome): void {
  if (o.status === "rejected") {
    ctx.io.err(ctx.t("import.rejected", { file: o.file }));
    for (const i of o.issues)
      ctx.io.err(`  ${i.line ? ctx.t("import.issue", { line: i.line, message: problemText(i, ctx) }) : problemText(i, ctx)}`);
    return;
  }
  for (const line of rosterLines(ctx, o.file, o.read, o.roster, o.status)) ctx.io.out(line);
  if (o.status === "pending" && o.roster.moved.length) ctx.io.err(ctx.t("roster.confirmHint"));
}

/** --json: the outcome as the use case gives it, each issue with its sentence. */
const rosterJson = (o: RosterOutcome, ctx: CliContext) =>
  o.status === "rejected" ? { ...o, issues: o.issues.map((i) => ({ ...i, message: problemText(i, ctx) })) } : o;

export function registerRosterImport(cmd: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void {
  cmd
    .command("roster <file>")
    .description("import the student roster (student_id, full_name, group, unit, course, form), CSV or XLSX")
    .option("--institution <code>", "institution code (default: the only one stored)")
    .option("--by <name>", "who enters the data (default: the OS user)")
    .option("--yes", "write the students who moved (without it they are only shown; new students are written at once)")
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
        const deps = await ctx.deps();
        const outcome = await importRosterFile(deps.db, {
          file,
          institutionId: institution.id,
          enteredBy: o.by ?? `cli:${os.userInfo().username}`,
          now: deps.now(),
          ...(o.yes ? { confirm: true as const } : {}),
        });
        if (o.json) ctx.io.out(JSON.stringify(rosterJson(outcome, ctx), null, 2));
        else printRoster(ctx, outcome);
        return outcome.status === "written" ? 0 : outcome.status === "pending" ? EXIT_NEEDS_CONFIRMATION : 1;
      }),
    );
}
