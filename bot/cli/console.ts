import type { Command } from "commander";
import { z } from "zod";
import { consoleAs, runConsole } from "../console/index.ts";
import type { FaultOptions } from "../local-api/index.ts";
import { createLogger } from "../logger.ts";
import type { CliContext } from "./context.ts";
import { parseOptions } from "./options.ts";

/** `429=0.05,403=0.03,400=0.01`: a share of sends answered 429 (retry_after 1–3 s), of chats 403 and 400. */
const faultSpec = z
  .string()
  .regex(/^(429|403|400)=(0(\.\d+)?|1)(,(429|403|400)=(0(\.\d+)?|1))*$/, "e.g. 429=0.05,403=0.03,400=0.01")
  .transform((spec): FaultOptions => {
    const share = Object.fromEntries(spec.split(",").map((p) => p.split("=").map((x, i) => (i ? Number(x) : x)))) as Record<
      string,
      number
    >;
    return {
      seed: Date.now() % 100_000,
      ...(share["429"] ? { tooManyRequests: { share: share["429"], retryAfter: [1, 3] as const } } : {}),
      recipientShares: { blocked: share["403"] ?? 0, chatNotFound: share["400"] ?? 0 },
    };
  });

export function registerConsole(program: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void {
  program
    .command("console")
    .description("chat with the bot in the terminal, through the local Bot API server (no Telegram); reads stdin line by line")
    .requiredOption("--as <role[:unit]>", "who you are: admin | leader | dean:<unit> | head:<unit> | student:<unit>")
    .option("--photos <dir>", "where charts are saved (default: data/console/)")
    .option("--institution <code>", "institution code")
    .option("--faults <spec>", "the local Bot API refuses like Telegram: 429=0.05,403=0.03,400=0.01 (shares of sends / of chats)")
    .action((raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(
          ctx,
          {
            as: consoleAs(ctx.t),
            photos: z.string().min(1).optional(),
            institution: z.string().min(1).optional(),
            faults: faultSpec.optional(),
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
          ...(o.faults ? { faults: o.faults } : {}),
        });
      }),
    );
}
