// `sapat`: the command-line shell. Each command is a thin caller of services + core.
import { Command, CommanderError } from "commander";
import { isLanguage, type Language, translator } from "../present/i18n.ts";
import { registerBot } from "./bot.ts";
import { registerConsole } from "./console.ts";
import { CliContext, type CliIo, UserError } from "./context.ts";
import { registerDemo } from "./demo.ts";
import { registerHistory } from "./history.ts";
import { registerImport } from "./import.ts";
import { registerInvite } from "./invite.ts";
import { registerReport } from "./report.ts";

export const processIo: CliIo = {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
};

/** Runs the CLI; returns the exit code (tests call this in-process). */
export async function runCli(
  argv: readonly string[],
  io: CliIo = processIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let code = 0;
  const program = new Command("sapat")
    .description("Sapat: academic-achievement and accreditation figures")
    .option("--lang <lang>", "ky | ru | en (default: SAPAT_LANG or ky)")
    .option("--db <url>", "database URL (default: DATABASE_URL or file:./data/sapat.db)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  const run = async (action: (ctx: CliContext) => Promise<number>) => {
    const g = program.opts<{ lang?: string; db?: string }>();
    const wanted = g.lang ?? env.SAPAT_LANG ?? "ky";
    const lng: Language = isLanguage(wanted) ? wanted : "ky";
    const ctx = new CliContext(io, await translator(lng), lng, g.db ?? env.DATABASE_URL, g.db);
    try {
      code = await action(ctx);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      io.err(e.message);
      code = 1;
    } finally {
      await ctx.close();
    }
  };

  registerImport(program, run);
  registerHistory(program, run);
  registerReport(program, run);
  registerDemo(program, run, env);
  registerInvite(program, run);
  registerBot(program, run, env);
  registerConsole(program, run);

  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    throw e;
  }
  return code;
}
