// Bot configuration from the environment, validated once at start-up: polling and webhook
// are two variants of one schema. A bad setting stops start-up with one line naming it.
import { z } from "zod";
import { DEFAULT_DATABASE_URL } from "../prisma/database-url.ts";

const base = {
  TELEGRAM_BOT_TOKEN: z
    .string({ error: "is missing" })
    .regex(/^\d+:[A-Za-z0-9_-]{10,}$/, "is not a bot token (expected <digits>:<secret>, from @BotFather)"),
  TELEGRAM_API_ROOT: z.url({ error: "is not a URL" }).default("https://api.telegram.org"),
  DATABASE_URL: z.string().min(1).default(DEFAULT_DATABASE_URL),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
};

const polling = z.object({ ...base, BOT_MODE: z.literal("polling") });
const webhook = z.object({
  ...base,
  BOT_MODE: z.literal("webhook"),
  WEBHOOK_URL: z.url({ protocol: /^https$/, error: "is missing or not an https URL" }),
  WEBHOOK_SECRET: z
    .string({ error: "is missing" })
    .regex(/^[A-Za-z0-9_-]{16,256}$/, "must be 16–256 characters of A-Z a-z 0-9 _ -"),
  PORT: z.coerce.number({ error: "is not a port number" }).int().min(1).max(65535).default(8443),
});
const schema = z.discriminatedUnion("BOT_MODE", [polling, webhook], { error: "must be polling or webhook" });

export type BotConfig = z.output<typeof schema>;

export type ConfigResult = { ok: true; config: BotConfig } | { ok: false; message: string };

export function loadConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const r = schema.safeParse({ BOT_MODE: "polling", ...input });
  if (r.success) return { ok: true, config: r.data };
  const issue = r.error.issues[0] as z.core.$ZodIssue;
  return { ok: false, message: `Configuration error: ${issue.path.join(".") || "BOT_MODE"} ${issue.message}` };
}
