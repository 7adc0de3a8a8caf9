// `sapat`: the command-line shell. Each command is a thin caller of services + core.
import { Command, CommanderError } from "commander";
import type { TFunction } from "i18next";
import { DatabaseProblem } from "../../prisma/client.ts";
import { isDatabaseBusy, isDatabaseUnreachable } from "../app/deps.ts";
import { loadSettings } from "../config.ts";
import { DEFAULT_LANGUAGE, isLanguage, type Language, translator } from "../present/i18n.ts";
import { problemText } from "../present/problem.ts";
import { registerAccreditation } from "./accreditation.ts";
import { registerAccreditationReminders } from "./accreditation-reminders.ts";
import { registerAnnounce } from "./announce.ts";
import { registerAudit } from "./audit.ts";
import { registerBackup } from "./backup.ts";
import { registerBot } from "./bot.ts";
import { registerConsole } from "./console.ts";
import { CliContext, type CliIo, UserError } from "./context.ts";
import { registerDb } from "./db.ts";
import { registerDemo } from "./demo.ts";
import { registerExport } from "./export.ts";
import { registerHistory } from "./history.ts";
import { registerImport } from "./import.ts";
import { registerInstitution } from "./institution.ts";
import { registerInvite } from "./invite.ts";
import { registerPlan } from "./plan.ts";
import { registerRegistryImport } from "./registry-import.ts";
import { registerReport } from "./report.ts";
import { registerRequest } from "./request.ts";
import { registerReview } from "./review.ts";
import { registerSurvey } from "./survey.ts";
import { registerWorker } from "./worker.ts";

export const processIo: CliIo = {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
};

/** --lang (or --lang=…) wherever it is, before `--`: commander's own errors come before any action. */
function langFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--") return undefined;
    if (a === "--lang") return argv[i + 1];
    if (a.startsWith("--lang=")) return a.slice("--lang=".length);
  }
  return undefined;
}

/** commander's own errors, worded by error code in the user's language (its English as a last resort). */
export function commanderText(e: CommanderError, t: TFunction): string {
  const quoted = /'([^']*)'/.exec(e.message)?.[1] ?? "";
  const suggestion = /\(Did you mean (.+?)\?\)/.exec(e.message)?.[1];
  const hint = suggestion ? ` ${t("cli.commander.didYouMean", { suggestion })}` : "";
  switch (e.code) {
    case "commander.unknownOption":
      return t("cli.commander.unknownOption", { option: quoted }) + hint;
    case "commander.unknownCommand":
      return t("cli.commander.unknownCommand", { command: quoted }) + hint;
    case "commander.missingArgument":
      return t("cli.commander.missingArgument", { argument: quoted });
    case "commander.optionMissingArgument":
      return t("cli.commander.optionMissingArgument", { option: quoted });
    case "commander.missingMandatoryOptionValue":
      return t("cli.commander.missingMandatoryOption", { option: quoted });
    case "commander.excessArguments": {
      const [, expected = "0", got = "?"] = /Expected (\d+) arguments? but got (\d+)/.exec(e.message) ?? [];
      return t("cli.commander.excessArguments", { expected, got });
    }
    default:
      return e.message.replace(/^error: /, "");
  }
}

/** Runs the CLI; returns the exit code (tests call this in-process). */
export async function runCli(
  argv: readonly string[],
  io: CliIo = processIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const wanted = langFlag(argv) ?? env.SAPAT_LANG;
  const lng: Language = isLanguage(wanted) ? wanted : DEFAULT_LANGUAGE;
  const t = await translator(lng);
  if (wanted !== undefined && wanted !== "" && !isLanguage(wanted)) {
    io.err(t("cli.badOption", { option: "lang", message: `“${wanted}” — ky | ru | en` }));
    return 1;
  }
  const loaded = loadSettings(env);
  if (!loaded.ok) {
    io.err(problemText(loaded.problem, { t, lng }));
    return 1;
  }
  const settings = loaded.config;

  let code = 0;
  const program = new Command("sapat")
    .description("Sapat: academic-achievement and accreditation figures")
    .option("--lang <lang>", "ky | ru | en (default: SAPAT_LANG or ky)")
    .option("--db <url>", "database URL (default: DATABASE_URL or file:./data/sapat.db)")
    .exitOverride()
    // errors are worded below, by code; help and usage go out as commander writes them
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()), outputError: () => {} });

  const run = async (action: (ctx: CliContext) => Promise<number>) => {
    const g = program.opts<{ db?: string }>();
    const ctx = new CliContext({
      io,
      t,
      lng,
      settings,
      databaseUrl: g.db ?? settings.DATABASE_URL,
      ...(g.db ? { databaseFlag: g.db } : {}),
    });
    try {
      code = await action(ctx);
    } catch (e) {
      // every failure a user can cause or meet is one line in their language, exit 1
      if (e instanceof UserError) io.err(e.message);
      else if (e instanceof DatabaseProblem) io.err(problemText(e, ctx));
      else if (isDatabaseBusy(e)) io.err(t("cli.databaseBusy"));
      else if (isDatabaseUnreachable(e)) io.err(t("cli.databaseUnreachable"));
      else throw e;
      code = 1;
    } finally {
      await ctx.close();
    }
  };

  registerRegistryImport(registerImport(program, run), run);
  registerAccreditation(program, run);
  registerHistory(program, run);
  registerReport(program, run);
  registerExport(program, run);
  registerInstitution(program, run);
  registerDemo(program, run, env);
  registerInvite(program, run);
  registerAnnounce(program, run);
  registerRequest(program, run);
  registerPlan(program, run);
  registerSurvey(program, run);
  registerBot(program, run, env);
  registerWorker(program, run, env);
  registerConsole(program, run);
  registerAudit(program, run);
  registerReview(program, run);
  registerBackup(program, run, env);
  registerDb(program, run);
  // after the registry's `accreditation` command, whose group it joins
  registerAccreditationReminders(program, run);

  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    if (e.exitCode !== 0 && !["commander.help", "commander.helpDisplayed", "commander.version"].includes(e.code))
      io.err(commanderText(e, t));
    return e.exitCode;
  }
  return code;
}
