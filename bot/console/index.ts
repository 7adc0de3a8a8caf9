// The local console: the real bot (createBot) polling the local Bot API server, with the
// terminal as the user's Telegram client. Lines from stdin are the user's messages; a
// number presses a button; the bot's replies, edits, alerts and charts are printed.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import type { TFunction } from "i18next";
import type { Logger } from "pino";
import type { InlineKeyboardButton, KeyboardButton, Message, ReplyKeyboardMarkup } from "telegraf/types";
import { z } from "zod";
import { ROLES, type Role } from "../../core/index.ts";
import { openDatabase } from "../../prisma/client.ts";
import { REPO_ROOT } from "../../prisma/database-url.ts";
import { type ConsoleIdentity, consoleTelegramId } from "../app/access/console-user.ts";
import { bindLocalUser } from "../app/access/invites.ts";
import type { PrismaClient } from "../app/deps.ts";
import { chooseInstitution, findUnit } from "../app/structure/institution.ts";
import { UserError } from "../cli/context.ts";
import { createBot } from "../index.ts";
import { type ApiCall, type ChatMessage, type FaultOptions, LocalBotApi, type LocalUser } from "../local-api/index.ts";
import { createLogger, loggableError } from "../logger.ts";
import { DEFAULT_LANGUAGE, type Language, translator } from "../present/i18n.ts";
import { problemText } from "../present/problem.ts";
import { Worker } from "../worker/worker.ts";

export { type ConsoleIdentity, consoleTelegramId };

/** Where charts go unless --photos says otherwise (git-ignored). */
export const DEFAULT_PHOTO_DIR = path.join(REPO_ROOT, "data", "console");

/** How long one message may take the bot (telegraf's own handler timeout is 90 s). */
const ANSWER_TIMEOUT_MS = 120_000;

/** Roles whose access is one unit: the console needs to know which. */
const UNIT_ROLES: readonly Role[] = ["dean", "head", "teacher", "student"];

export interface ConsoleOptions {
  databaseUrl: string;
  /** `role[:unit]`, e.g. `dean:МТФ`, `leader` */
  as: string;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** default data/console/ in the repository */
  photoDir?: string;
  language?: Language;
  /** institution code when the database holds several */
  institution?: string;
  /** banner and prompt; default: whether input is a TTY */
  interactive?: boolean;
  /** an already open database (the CLI's); else one is opened and closed here */
  db?: PrismaClient;
  /** default: pino to stderr at warn */
  logger?: Logger;
  /** what the local Bot API refuses, to watch the sender cope (sapat console --faults) */
  faults?: FaultOptions;
}

/** `role[:unit]` as a zod schema with localized messages (the CLI validates --as with it). */
export function consoleAs(t: TFunction) {
  return z.string().transform((spec, ctx): ConsoleIdentity => {
    const m = /^\s*([a-z]+)\s*(?::\s*(.*?)\s*)?$/i.exec(spec);
    const role = ROLES.find((r) => r === m?.[1]?.toLowerCase());
    if (!m || !role) {
      ctx.addIssue({ code: "custom", message: t("console.asFormat", { roles: ROLES.join(", ") }) });
      return z.NEVER;
    }
    const unit = m[2] ? m[2] : null;
    if (!unit && UNIT_ROLES.includes(role)) {
      ctx.addIssue({ code: "custom", message: t("console.needsUnit", { role }) });
      return z.NEVER;
    }
    return { role, unit };
  });
}

/** Runs the console until the input ends; returns the exit code. Setup problems throw UserError. */
export async function runConsole(opts: ConsoleOptions): Promise<number> {
  const lng = opts.language ?? DEFAULT_LANGUAGE;
  const t = await translator(lng);
  const parsed = consoleAs(t).safeParse(opts.as);
  if (!parsed.success) {
    throw new UserError(t("cli.badOption", { option: "as", message: `“${opts.as}” — ${parsed.error.issues[0]?.message}` }));
  }
  const db = opts.db ?? (await openDatabase(opts.databaseUrl));
  try {
    return await session(db, parsed.data, t, lng, opts);
  } finally {
    if (!opts.db) await db.$disconnect();
  }
}

async function session(db: PrismaClient, who: ConsoleIdentity, t: TFunction, lng: Language, opts: ConsoleOptions) {
  const w = { t, lng };
  const chosen = await chooseInstitution(db, opts.institution);
  if (!chosen.ok) throw new UserError(problemText(chosen.problem, w));
  const institution = chosen.value;
  const found = who.unit ? await findUnit(db, institution.id, who.unit) : null;
  if (found && !found.ok) throw new UserError(problemText(found.problem, w));
  const scopeUnit = found?.value ?? null;
  const canonical: ConsoleIdentity = { role: who.role, unit: scopeUnit?.code ?? null };
  const user: LocalUser = {
    id: consoleTelegramId(canonical),
    firstName: "Console",
    username: `sapat_console_${who.role}`,
    languageCode: lng,
  };
  // --lang wins over a language chosen with /lang in an earlier run
  await bindLocalUser(db, {
    institutionId: institution.id,
    telegramId: String(user.id),
    role: who.role,
    scopeUnitId: scopeUnit?.id ?? null,
    firstName: `Console (${who.role}${scopeUnit ? ` ${scopeUnit.code}` : ""})`,
    language: lng,
  });

  const interactive = opts.interactive ?? (opts.input as Partial<NodeJS.ReadStream>).isTTY === true;
  const out = (s: string): void => {
    opts.output.write(s.endsWith("\n") ? s : `${s}\n`);
  };
  const view = new ChatView(user.id, opts.photoDir ?? DEFAULT_PHOTO_DIR, t, out);

  const api = new LocalBotApi({ botUsername: "sapat_console_bot", waitTimeoutMs: ANSWER_TIMEOUT_MS });
  const { apiRoot } = await api.start();
  if (opts.faults) api.setFaults(opts.faults);
  const unsubscribe = api.on("call", (call) => view.show(call));
  const logger = opts.logger ?? createLogger("warn");
  let running: Promise<void> | undefined;
  let stop = () => {};
  // the sender and scheduler too, so /announce delivers and reports here as in production
  const worker = new Worker(
    { db, now: () => new Date(), logger },
    { token: api.token, apiRoot, timeoutMs: 10_000, schedulerEveryMs: 2_000, sender: { leaseMs: 5_000, progressEveryMs: 1_000 } },
  );
  try {
    worker.start();
    const bot = await createBot({ token: api.token, apiRoot }, { db, logger });
    const launched = bot.launch({ dropPendingUpdates: false });
    running = launched;
    stop = () => bot.stop("console");
    // a launch that fails (it should not, locally) must not leave us waiting for a poll
    const failed = launched.then(() => Promise.reject(new Error("the bot stopped before it polled")));
    failed.catch(() => undefined);
    await Promise.race([api.waitFor("getUpdates", () => true, 30_000), failed]);

    /** Sends one update and waits until the bot has handled it (its next poll confirms it). */
    const deliver = async (send: () => { update_id: number }) => {
      api.mark();
      const update = send();
      try {
        await api.waitFor("getUpdates", (c) => Number(c.params.offset ?? 0) > update.update_id, ANSWER_TIMEOUT_MS);
      } catch {
        out(t("console.noAnswer", { seconds: ANSWER_TIMEOUT_MS / 1000 }));
      }
    };
    const say = (text: string) => deliver(() => api.sendText(user, text));

    /** N: button N of the active inline keyboard, else menu item N; mN: always menu item N. */
    const pressNumber = async (n: number, menuOnly: boolean) => {
      const inline = menuOnly ? "none" : view.inlineButton(api.messages(user.id), n);
      if (inline === "missing") return out(t("console.noButton", { n }));
      if (inline !== "none") {
        const { messageId, button } = inline;
        out(t("console.pressed", { label: button.text }));
        if ("url" in button) return out(t("console.link", { url: button.url }));
        if (!("callback_data" in button)) return;
        try {
          await deliver(() => api.pressButton(user.id, messageId, button.callback_data));
        } catch (e) {
          out(t("console.staleButton", { error: e instanceof Error ? e.message : String(e) }));
        }
        return;
      }
      const menu = api.replyKeyboard(user.id);
      if (!menu) return out(t("console.noButtons"));
      const label = buttonText(menu.keyboard.flat()[n - 1]);
      if (label === undefined) return out(t("console.noButton", { n }));
      out(t("console.pressed", { label }));
      await say(label);
    };

    const sendFile = async (given: string) => {
      const p = path.resolve(given.replace(/^(["'])(.*)\1$/u, "$2"));
      if (!existsSync(p) || !statSync(p).isFile()) return out(t("console.noFile", { path: given }));
      await deliver(() => api.sendDocument(user, { fileName: path.basename(p), bytes: readFileSync(p) }));
    };

    if (interactive) {
      const scope = canonical.unit ?? t("bot.scope.institution");
      out(
        [t("console.banner", { role: t(`bot.role.${who.role}`), scope }), t("console.howTo"), t("console.exit"), ""].join("\n"),
      );
      await say("/start");
    }

    const rl = createInterface({
      input: opts.input,
      ...(interactive ? { output: opts.output, terminal: true } : { terminal: false }),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    // the iterator must exist before the first 'line' is emitted, or piped lines are lost
    const lines = rl[Symbol.asyncIterator]();
    rl.on("SIGINT", () => rl.close());
    rl.setPrompt("› ");
    if (interactive) rl.prompt();
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      const line = next.value.trim();
      if (line) {
        if (!interactive) out(`\n› ${line}`);
        const file = /^\/file\s+(.+)$/u.exec(line);
        const press = /^([mм])?\s*(\d{1,3})$/i.exec(line);
        // a question the bot asked to be answered by typing (a count) takes a bare number as the answer
        // "/file PATH": the console's paper clip — the file goes to the bot as a document
        if (file) await sendFile(file[1] as string);
        else if (press && !(press[1] === undefined && view.awaitsText))
          await pressNumber(Number(press[2]), press[1] !== undefined);
        else await say(line);
      }
      if (interactive) rl.prompt();
    }
    rl.close();
    return 0;
  } finally {
    await worker.stop();
    unsubscribe();
    // the order matters: a bot still polling a stopped server retries and keeps the process alive
    try {
      stop();
    } catch {
      // "Bot is not running!": the launch had already failed
    }
    await running?.catch((e: unknown) => logger.warn(loggableError(e), "the bot stopped with an error"));
    await api.stop();
  }
}

type Button = InlineKeyboardButton;

function isForceReply(markup: unknown): boolean {
  const m = typeof markup === "string" ? (JSON.parse(markup) as unknown) : markup;
  return typeof m === "object" && m !== null && "force_reply" in m && m.force_reply === true;
}

function buttonText(b: KeyboardButton | undefined): string | undefined {
  return b === undefined ? undefined : typeof b === "string" ? b : b.text;
}

/** Prints what the user would see in Telegram and remembers which buttons the numbers mean. */
class ChatView {
  /** the message whose inline buttons the numbers press: the newest text message, or a newer one with buttons */
  private active: number | undefined;
  /** the active message asks for a typed answer (force_reply): a number is sent as text */
  awaitsText = false;
  private menuShown = "";
  private files = 0;
  /** yyyymmdd-hhmmssSSS (UTC) of the session, so runs do not overwrite each other's files */
  private readonly stamp = new Date().toISOString().replace(/[-:.]/g, "").replace("T", "-").slice(0, 18);

  constructor(
    private readonly chatId: number,
    private readonly photoDir: string,
    private readonly t: TFunction,
    private readonly out: (s: string) => void,
  ) {}

  /** Button n (1-based) of the active message as it is now. */
  inlineButton(
    messages: readonly { message_id: number; raw: ChatMessage }[],
    n: number,
  ): { messageId: number; button: Button } | "none" | "missing" {
    const message = messages.find((m) => m.message_id === this.active);
    const buttons = message?.raw.reply_markup?.inline_keyboard.flat() ?? [];
    if (!message || buttons.length === 0) return "none";
    const button = buttons[n - 1];
    return button ? { messageId: message.message_id, button } : "missing";
  }

  show(call: ApiCall): void {
    if (call.error) return; // the bot sees the error; e.g. "message is not modified" is handled there
    const p = call.params;
    if (call.method === "answerCallbackQuery") {
      if (typeof p.text === "string" && p.text) this.out(`${p.show_alert === true ? "⚠" : "ℹ"} ${p.text}\n`);
      return;
    }
    if (p.chat_id !== this.chatId) return;
    const result = call.result as ChatMessage | true | undefined;
    const message = typeof result === "object" ? result : undefined;
    switch (call.method) {
      case "sendMessage":
      case "sendPhoto":
      case "sendDocument": {
        if (!message) return;
        const lines: string[] = [];
        if (call.method === "sendPhoto") lines.push(`🖼 ${this.t("console.photo", { path: this.save(p.photo, "png") })}`);
        if (call.method === "sendDocument" && "document" in message) {
          const ext = path.extname(message.document.file_name ?? "").slice(1) || "dat";
          lines.push(`📎 ${this.t("console.document", { path: this.save(p.document, ext) })}`);
        }
        const text = "text" in message ? message.text : message.caption;
        if (text) lines.push(text);
        const buttons = this.buttons(message);
        if (buttons) lines.push(buttons);
        if ("text" in message || buttons) {
          this.active = message.message_id;
          this.awaitsText = isForceReply(p.reply_markup);
        }
        lines.push(...this.menu(p.reply_markup));
        this.out(`\n${lines.join("\n")}\n`);
        return;
      }
      case "editMessageText":
      case "editMessageCaption":
      case "editMessageReplyMarkup": {
        if (!message) return;
        const lines = ["", this.t("console.edited")];
        const text = "text" in message ? message.text : message.caption;
        if (text && call.method !== "editMessageReplyMarkup") lines.push(text);
        const buttons = this.buttons(message);
        if (buttons) lines.push(buttons);
        this.out(`${lines.join("\n")}\n`);
        return;
      }
      case "deleteMessage":
        if (p.message_id === this.active) this.active = undefined;
        this.out(`${this.t("console.deleted")}\n`);
        return;
      default:
      // getUpdates, sendChatAction, setMyCommands, getMe …: nothing the user sees
    }
  }

  /** Inline buttons numbered 1..n, one keyboard row per line. */
  private buttons(message: Message): string | undefined {
    const rows = "reply_markup" in message ? message.reply_markup?.inline_keyboard : undefined;
    if (!rows?.length) return undefined;
    let n = 0;
    return rows.map((row) => row.map((b) => `[${++n}] ${b.text}`).join("  ")).join("\n");
  }

  /** The reply keyboard (main menu), when the bot sets a different one or removes it. */
  private menu(markup: unknown): string[] {
    if (typeof markup !== "object" || markup === null) return [];
    if ("remove_keyboard" in markup) {
      if (!this.menuShown) return [];
      this.menuShown = "";
      return [this.t("console.menuRemoved")];
    }
    if (!("keyboard" in markup)) return [];
    const rows = (markup as ReplyKeyboardMarkup).keyboard;
    const json = JSON.stringify(rows);
    if (json === this.menuShown) return [];
    this.menuShown = json;
    let n = 0;
    return [this.t("console.menu"), ...rows.map((row) => row.map((b) => `[m${++n}] ${buttonText(b)}`).join("  "))];
  }

  /** Writes an uploaded file under photoDir; returns the path to print. */
  private save(bytes: unknown, ext: string): string {
    if (!Buffer.isBuffer(bytes)) return String(bytes); // a file_id or URL sent again: nothing new to save
    mkdirSync(this.photoDir, { recursive: true });
    const file = path.join(this.photoDir, `${this.stamp}-${++this.files}.${ext}`);
    writeFileSync(file, bytes);
    const relative = path.relative(process.cwd(), file);
    return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
  }
}
