// The real bot (createBot, polling) against the local Bot API, fed one update at a time:
// each is waited for until the bot has confirmed it, then judged — an error logged (a
// handler's exception, a call Telegram would refuse), a stack trace in anything sent, no
// answer where one is owed.
import pino from "pino";
import type { Telegraf } from "telegraf";
import type { SapatContext } from "../../bot/context.ts";
import { createBot } from "../../bot/index.ts";
import { type ApiCall, LocalBotApi } from "../../bot/local-api/index.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import type { BotInput } from "./updates.ts";

/** A stack frame, or an error's own words leaking into a message. */
export const LEAK =
  /^\s+at .+:\d+:\d+\)?$|\bat (async )?\S+ \(\S+:\d+:\d+\)|PrismaClient\w*Error|Invalid `\w+\.\w+\(\)` invocation|TypeError:|ReferenceError:|SyntaxError:/m;

export interface Verdict {
  crash?: string;
  unanswered?: string;
}

export class BotRig {
  readonly api = new LocalBotApi({ botUsername: "sapat_fuzz_bot", waitTimeoutMs: 60_000 });
  private bot: Telegraf<SapatContext> | undefined;
  private running: Promise<void> | undefined;
  private readonly errors: string[] = [];

  constructor(private readonly db: PrismaClient) {}

  async start(): Promise<void> {
    const { apiRoot } = await this.api.start();
    const logger = pino({ level: "error" }, { write: (line: string) => void this.errors.push(line) });
    this.bot = await createBot({ token: this.api.token, apiRoot }, { db: this.db, logger });
    this.running = this.bot.launch();
    await this.api.waitFor("getUpdates");
  }

  async stop(): Promise<void> {
    this.bot?.stop("fuzz");
    await this.running?.catch(() => undefined);
    await this.api.stop();
  }

  /** Sends one input and judges what the bot did with it. */
  async run(input: BotInput): Promise<Verdict> {
    const { api } = this;
    this.errors.length = 0;
    api.mark();
    const update = input.send(api);
    try {
      await api.waitFor("getUpdates", (c) => Number(c.params.offset) > update.update_id, 60_000);
    } catch {
      return { unanswered: "never confirmed: the bot hung or stopped polling" };
    }
    const calls = api.callsSinceMark().filter((c) => c.method !== "getUpdates");
    const verdict: Verdict = {};
    if (this.errors.length) verdict.crash = this.errors.map(errorLine).join(" | ").slice(0, 400);
    const leaked = calls.find((c) => LEAK.test(sentText(c)));
    if (leaked) verdict.crash = `${leaked.method} showed a stack trace: ${sentText(leaked).slice(0, 200)}`;
    const owed = input.owed;
    if (
      owed?.kind === "press" &&
      !calls.some((c) => c.method === "answerCallbackQuery" && c.params.callback_query_id === owed.id && !c.error)
    )
      verdict.unanswered = "press never answered";
    if (
      owed?.kind === "message" &&
      !calls.some((c) => c.method !== "sendChatAction" && !c.error && Number(c.params.chat_id) === owed.chatId)
    )
      verdict.unanswered = "message got no reply";
    return verdict;
  }
}

/** Every text a call shows a user. */
function sentText(c: ApiCall): string {
  return ["text", "caption"].map((k) => (typeof c.params[k] === "string" ? c.params[k] : "")).join("\n");
}

/** A logged error in one line: its message and, for a handler's exception, its type and first frame. */
function errorLine(json: string): string {
  try {
    const l = JSON.parse(json) as {
      msg?: string;
      err?: { type?: string; message?: string; stack?: string };
      telegram?: { method?: string; description?: string };
    };
    const frame = l.err?.stack?.split("\n").find((s) => s.includes("/bot/") || s.includes("/prisma/store/"));
    return [l.msg, l.err?.type, l.err?.message?.slice(0, 200), l.telegram?.method, l.telegram?.description, frame?.trim()]
      .filter(Boolean)
      .join(": ");
  } catch {
    return json.slice(0, 200);
  }
}
