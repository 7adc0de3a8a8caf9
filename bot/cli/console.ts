import type { Command } from "commander";
import { z } from "zod";
import { consoleAs, runConsole } from "../console/index.ts";
import { createLogger } from "../logger.ts";
import type { CliContext } from "./context.ts";
import { parseOptions } from "./options.ts";

export function registerConsole(program: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void {
  program
    .command("console")
    .description("chat with the bot in the terminal, through the local Bot API server (no Telegram); reads stdin line by line")
    .requiredOption("--as <role[:unit]>", "who you are: admin | leader | dean:<unit> | head:<unit> | student:<unit>")
    .option("--photos <dir>", "where charts are saved (default: data/console/)")
    .option("--institution <code>", "institution code")
    .action((raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(
          ctx,
          {
            as: consoleAs(ctx.t),
            photos: z.string().min(1).optional(),
            institution: z.string().min(1).optional(),
          },
          raw,
        );
        return runConsole({
          databaseUrl: ctx.databaseUrl,
          db: await ctx.db(),
          as: String(raw.as),
          input: ctx.io.input ?? process.stdin,
          output: ctx.io.output ?? process.stdout,
          logger: createLogger(ctx.settings.LOG_LEVEL ?? "warn"),
          language: ctx.lng,
          ...(o.photos ? { photoDir: o.photos } : {}),
          ...(o.institution ? { institution: o.institution } : {}),
        });
      }),
    );
}
