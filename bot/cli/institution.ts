// `sapat institution set|show`: the institution's code, name and methodology (DOMAIN.md §3).
import type { Command } from "commander";
import { z } from "zod";
import type { Institution } from "../app/deps.ts";
import { changeInstitution, institutionMethodology } from "../app/structure/institution.ts";
import { methodologyText } from "../present/session-table.ts";
import type { CliContext } from "./context.ts";
import { base, parseOptions } from "./options.ts";

const yesNo = z.enum(["yes", "no"]).transform((v) => v === "yes");

function show(ctx: CliContext, i: Institution): number {
  ctx.io.out(ctx.t("cli.institution.line", { code: i.code, name: i.name }));
  ctx.io.out(methodologyText(ctx.t, { methodology: institutionMethodology(i) }));
  return 0;
}

export function registerInstitution(
  program: Command,
  run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>,
): void {
  const cmd = program.command("institution").description("the institution: its code, name and methodology");
  cmd
    .command("show")
    .option("--institution <code>", "institution code (default: the only one stored)")
    .action((raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(ctx, { institution: z.string().min(1).optional() }, raw);
        return show(ctx, await ctx.institution(o.institution));
      }),
    );
  cmd
    .command("set")
    .description("rename the institution or set its methodology")
    .option("--institution <code>", "which institution (default: the only one stored)")
    .option("--code <code>", "a new code")
    .option("--name <name>", "a new name")
    .option("--base <base>", "admitted | enrolled: the base of absolute and quality achievement")
    .option("--debtors-include-not-admitted <yes|no>", "whether debtors count students not admitted to the session")
    .action((raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(
          ctx,
          {
            institution: z.string().min(1).optional(),
            code: z.string().optional(),
            name: z.string().optional(),
            base: base.optional(),
            debtorsIncludeNotAdmitted: yesNo.optional(),
          },
          raw,
        );
        const institution = await ctx.institution(o.institution);
        const changed = await changeInstitution(await ctx.db(), institution, {
          ...(o.code !== undefined ? { code: o.code } : {}),
          ...(o.name !== undefined ? { name: o.name } : {}),
          methodology: {
            ...(o.base ? { base: o.base } : {}),
            ...(o.debtorsIncludeNotAdmitted !== undefined ? { debtorsIncludeNotAdmitted: o.debtorsIncludeNotAdmitted } : {}),
          },
        });
        if (!changed.ok) throw ctx.problem(changed.problem);
        return show(ctx, changed.value);
      }),
    );
}
