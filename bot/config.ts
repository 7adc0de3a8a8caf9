// Configuration from the environment, validated once at the entry point: `loadSettings` for
// every `sapat` command, `loadConfig` for the bot (polling and webhook are two variants of
// one schema). A bad setting stops start-up with one line naming it: the result is a
// Problem (code = what is wrong, params.name = the setting), worded in the user's language.
import { z } from "zod";
import { type Problem, problem } from "../core/index.ts";
import { DEFAULT_DATABASE_URL } from "../prisma/database-url.ts";
import { LANGUAGES } from "./present/i18n.ts";

/** Each message is the Problem code of that failure (locales/<lng>/problems.json). */
const ms = (fallback: number) =>
  z.coerce.number({ error: "configNumber" }).int("configNumber").min(0, "configNumber").default(fallback);
const flag = z
  .enum(["1", "0", "true", "false", "yes", "no"], { error: "configFlag" })
  .transform((v) => ["1", "true", "yes"].includes(v))
  .default(false);
const level = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { error: "configLevel" });

/** Settings every command reads. */
const settingsSchema = z.object({
  SAPAT_LANG: z.enum(LANGUAGES, { error: "configLanguage" }).optional(),
  DATABASE_URL: z.string().min(1).optional(),
  /** how long one write waits for another writer's lock before it is retried, ms */
  DATABASE_BUSY_TIMEOUT_MS: ms(5_000),
  /** the bot may create a missing database file (else a vanished file stops it) */
  SAPAT_CREATE_DB: flag,
  TELEGRAM_BOT_USERNAME: z.string().min(1).optional(),
  LOG_LEVEL: level.optional(),
  SAPAT_DEMO_AS: z.string().min(1).optional(),
});

export type Settings = z.output<typeof settingsSchema>;

/** The delivery worker (bot/worker): Telegram's limits and how a crash is survived. */
const delivery = {
  /** the bot also runs the sender and scheduler (off: run `sapat worker` separately) */
  SAPAT_WORKER: z.enum(["on", "off"], { error: "configOnOff" }).default("on"),
  /** bulk messages a second, all chats together (Telegram allows about 30; the bot's answers need the rest) */
  SAPAT_SEND_RATE: z.coerce
    .number({ error: "configSendRate" })
    .int("configSendRate")
    .min(1, "configSendRate")
    .max(30, "configSendRate")
    .default(25),
  /** sends in flight at once: after a crash at most this many may arrive twice */
  SAPAT_SEND_CONCURRENCY: z.coerce
    .number({ error: "configConcurrency" })
    .int("configConcurrency")
    .min(1, "configConcurrency")
    .max(64, "configConcurrency")
    .default(8),
  /** how long a dead sender's lease holds before another process takes over, ms */
  SAPAT_SENDER_LEASE_MS: z.coerce.number({ error: "configLease" }).int("configLease").min(1_000, "configLease").default(15_000),
  /** how often the scheduler looks for due jobs, ms */
  SAPAT_SCHEDULER_EVERY_MS: ms(5_000),
};

const port = z.coerce.number({ error: "configPort" }).int("configPort").min(1, "configPort").max(65535, "configPort");

/** The HTTP server (bot/web): Telegram's webhook, /healthz and /metrics. */
const web = {
  /** the address it listens on: 127.0.0.1 behind a reverse proxy on the same host, 0.0.0.0 for every interface */
  HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:_-]+$/, "configHost")
    .default("127.0.0.1"),
  /** /healthz fails when a due delivery has waited longer than this, ms (a campaign of N people takes N / SAPAT_SEND_RATE s) */
  HEALTH_QUEUE_MAX_AGE_MS: ms(15 * 60_000),
  /** /healthz fails when the database has not answered within this, ms */
  HEALTH_DB_TIMEOUT_MS: z.coerce.number({ error: "configNumber" }).int("configNumber").min(1, "configNumber").default(2_000),
};

const base = {
  TELEGRAM_BOT_TOKEN: z.string({ error: "configMissing" }).regex(/^\d+:[A-Za-z0-9_-]{10,}$/, "configToken"),
  TELEGRAM_API_ROOT: z.url({ error: "configUrl" }).default("https://api.telegram.org"),
  DATABASE_URL: z.string().min(1).default(DEFAULT_DATABASE_URL),
  LOG_LEVEL: level.default("info"),
  /** the longest one Bot API call may take (long polling excepted), ms */
  TELEGRAM_TIMEOUT_MS: ms(30_000),
  /** how long start-up keeps retrying to reach Telegram, ms */
  STARTUP_TIMEOUT_MS: ms(60_000),
  /** how long a stop waits for answers in flight before the process exits anyway, ms */
  SHUTDOWN_TIMEOUT_MS: ms(5_000),
  ...delivery,
  ...web,
};

/** Polling and `sapat worker` serve /healthz and /metrics only when given a port (webhook mode: on PORT). */
const healthPort = { HEALTH_PORT: port.optional() };

const polling = z.object({ ...base, ...healthPort, BOT_MODE: z.literal("polling") });
const webhook = z.object({
  ...base,
  BOT_MODE: z.literal("webhook"),
  WEBHOOK_URL: z.url({ protocol: /^https$/, error: "configHttps" }),
  WEBHOOK_SECRET: z.string({ error: "configMissing" }).regex(/^[A-Za-z0-9_-]{16,256}$/, "configSecret"),
  /** the webhook, /healthz and /metrics */
  PORT: port.default(8443),
});
const schema = z.discriminatedUnion("BOT_MODE", [polling, webhook], { error: "configMode" });

export type BotConfig = z.output<typeof schema>;

/** What `sapat worker` needs: the token and Bot API, the database, the delivery settings. */
const workerSchema = z.object({ ...base, ...healthPort });
export type WorkerConfig = z.output<typeof workerSchema>;

export function loadWorkerConfig(env: NodeJS.ProcessEnv): Loaded<WorkerConfig> {
  return parse(workerSchema, given(env));
}

export type Loaded<T> = { ok: true; config: T } | { ok: false; problem: Problem };

/** Unset and empty variables are the same: not given. */
function given(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ""));
}

function parse<S extends z.ZodType>(s: S, input: Record<string, string>): Loaded<z.output<S>> {
  const r = s.safeParse(input);
  if (r.success) return { ok: true, config: r.data };
  const issue = r.error.issues[0] as z.core.$ZodIssue;
  const name = String(issue.path[0] ?? "BOT_MODE");
  const code = input[name] === undefined ? "configMissing" : issue.message.startsWith("config") ? issue.message : "configInvalid";
  return { ok: false, problem: problem(code, { name }) };
}

export function loadSettings(env: NodeJS.ProcessEnv): Loaded<Settings> {
  return parse(settingsSchema, given(env));
}

export function loadConfig(env: NodeJS.ProcessEnv): Loaded<BotConfig> {
  return parse(schema, { BOT_MODE: "polling", ...given(env) });
}
