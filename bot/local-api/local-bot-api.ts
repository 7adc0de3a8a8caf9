import type { BotCommand, BotCommandScope, MenuButton, ReplyKeyboardMarkup, Update, UserFromGetMe } from "telegraf/types";
import type { ChatFate } from "./fates.ts";
import { type FaultOptions, Faults, MESSAGE_METHODS } from "./faults.ts";
import { callbackButtons, commandKey } from "./markup.ts";
import { documentOf, guessMime, viewOf } from "./media.ts";
import { chatIdOf, unixNow } from "./params.ts";
import { CallRecorder } from "./recorder.ts";
import { maxInWindow, minGapPerChat, sendTimesOf } from "./send-stats.ts";
import { ApiServer } from "./server.ts";
import { ApiState } from "./state.ts";
import type {
  ApiCall,
  ApiErrorBody,
  CallbackQueryUpdate,
  DocumentInput,
  DocumentMessageUpdate,
  LocalBotApiOptions,
  LocalMessage,
  LocalUser,
  SendFilter,
  SendTime,
  TextMessageUpdate,
  UpdateInput,
} from "./types.ts";
import { UpdateQueue } from "./updates.ts";
import type { BalancerOptions, WebhookDelivery } from "./webhook.ts";

const DEFAULT_TOKEN = "1000001:LOCAL-sapat-test-token";

/** The local Bot API server: what tests and the console start, act through and inspect. */
export class LocalBotApi {
  readonly token: string;
  readonly botUser: UserFromGetMe;
  /** Every API call, in order. */
  readonly calls: ApiCall[];

  private readonly port: number;
  private readonly state: ApiState;
  private readonly updates: UpdateQueue;
  private readonly recorder: CallRecorder;
  private readonly server: ApiServer;
  private readonly faults: Faults;
  private nextQueryNo = 1;

  constructor(opts: LocalBotApiOptions = {}) {
    this.token = opts.token ?? DEFAULT_TOKEN;
    const botId = Number(/^(\d+):/.exec(this.token)?.[1] ?? 1);
    this.botUser = {
      id: botId,
      is_bot: true,
      first_name: opts.botName ?? "Sapat (local)",
      username: opts.botUsername ?? "sapat_local_bot",
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
    };
    const log = opts.log ?? (() => {});
    this.port = opts.port ?? 0;
    this.state = new ApiState(this.botUser);
    this.updates = new UpdateQueue(log);
    this.recorder = new CallRecorder(log, opts.waitTimeoutMs ?? 5000, () => this.updates.diagnose());
    this.calls = this.recorder.calls;
    this.faults = new Faults(opts.faults);
    const { state, updates, recorder, faults } = this;
    this.server = new ApiServer({ token: this.token, log, state, updates, recorder, faults });
  }

  // ───────────── lifecycle ─────────────

  /** Listens on 127.0.0.1; pass `apiRoot` to telegraf as `telegram.apiRoot`. */
  async start(): Promise<{ apiRoot: string; port: number }> {
    if (this.server.running) throw new Error("LocalBotApi already started");
    this.updates.stopping = false;
    return this.server.listen(this.port);
  }

  /**
   * Answers a pending long poll with `[]`, rejects pending `waitFor`s and closes every
   * connection. Stop the bot first (`bot.stop()`, then await `launch()`): a bot still
   * polling a stopped server retries every 5 s and keeps the process alive.
   */
  async stop(): Promise<void> {
    if (!this.server.running) return;
    this.updates.stopping = true;
    this.updates.releasePoll([]);
    this.updates.pusher?.stop();
    this.recorder.rejectWaiters("LocalBotApi stopped while a waitFor was pending");
    await this.server.close();
  }

  // ───────────── acting as a user ─────────────

  /** A text message from `user` in their private chat; a leading `/command` gets its entity. */
  sendText(user: LocalUser, text: string, opts: { replyToMessageId?: number } = {}): TextMessageUpdate {
    const state = this.state.chatOf(user.id, user);
    const command = /^\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?/.exec(text);
    const message: TextMessageUpdate["message"] = {
      message_id: state.nextMessageId++,
      from: state.user,
      chat: state.chat,
      date: unixNow(),
      text,
      ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
      ...this.state.replyTo(state, opts.replyToMessageId),
    };
    state.messages.set(message.message_id, { message, fromBot: false });
    return this.updates.deliver({ update_id: this.updates.nextId(), message });
  }

  /** A document the user uploads (e.g. a spreadsheet to import); the bot can getFile it. */
  sendDocument(user: LocalUser, doc: DocumentInput): DocumentMessageUpdate {
    const state = this.state.chatOf(user.id, user);
    const file = this.state.files.store("documents", {
      bytes: doc.bytes,
      fileName: doc.fileName,
      mimeType: doc.mimeType ?? guessMime(doc.fileName),
    });
    const message: DocumentMessageUpdate["message"] = {
      message_id: state.nextMessageId++,
      from: state.user,
      chat: state.chat,
      date: unixNow(),
      document: documentOf(file),
      ...(doc.caption !== undefined ? { caption: doc.caption } : {}),
    };
    state.messages.set(message.message_id, { message, fromBot: false, document: file });
    return this.updates.deliver({ update_id: this.updates.nextId(), message });
  }

  /**
   * The user presses an inline button on a bot message. Throws when the message or a
   * button with that callback_data is not currently there (a real user couldn't press it).
   */
  pressButton(chatId: number, messageId: number, callbackData: string): CallbackQueryUpdate {
    const state = this.state.chats.get(chatId);
    const stored = state?.messages.get(messageId);
    if (!state || !stored?.fromBot) throw new Error(`No bot message ${messageId} in chat ${chatId}`);
    const buttons = callbackButtons(stored.message.reply_markup);
    if (!buttons.some((b) => b.callback_data === callbackData)) {
      const have = buttons.map((b) => `${JSON.stringify(b.text)}→${b.callback_data}`).join(", ") || "none";
      throw new Error(`Message ${messageId} in chat ${chatId} has no button "${callbackData}" (buttons: ${have})`);
    }
    const id = `${this.botUser.id}${String(this.nextQueryNo++).padStart(6, "0")}`;
    this.state.openQueries.add(id);
    return this.updates.deliver({
      update_id: this.updates.nextId(),
      callback_query: {
        id,
        from: state.user,
        message: structuredClone(stored.message),
        chat_instance: String(-Math.abs(chatId) * 7919),
        data: callbackData,
      },
    });
  }

  /** Presses the newest (or the given) bot message's inline button whose label matches. */
  pressButtonByText(chatId: number, label: string | RegExp, messageId?: number): CallbackQueryUpdate {
    const stored = [...(this.state.chats.get(chatId)?.messages.values() ?? [])]
      .reverse()
      .filter((m) => m.fromBot && (messageId === undefined || m.message.message_id === messageId));
    for (const m of stored) {
      const button = callbackButtons(m.message.reply_markup).find((b) =>
        typeof label === "string" ? b.text === label : label.test(b.text),
      );
      if (button) return this.pressButton(chatId, m.message.message_id, button.callback_data);
    }
    throw new Error(`No inline callback button matching ${String(label)} in chat ${chatId}`);
  }

  /**
   * Queues any update as is; `update_id` is assigned. A callback query's id is opened, so
   * the bot can answer it (e.g. a forged press whose data is on no button).
   */
  pushUpdate(partial: UpdateInput): Update {
    if ("callback_query" in partial && partial.callback_query) this.state.openQueries.add(partial.callback_query.id);
    // The spread of a union loses the discriminant for TS; the shape is the caller's.
    return this.updates.deliver({ ...partial, update_id: this.updates.nextId() } as Update);
  }

  /** The next call of `method` fails with this error instead (e.g. 403 blocked by the user). */
  failNext(method: string, error: ApiErrorBody): void {
    this.faults.failNext(method, error);
  }

  /**
   * Makes the server answer like Telegram under load: a seeded share of sends refused with
   * 429 retry_after (and, like Telegram, every send to that chat until it has passed), 500s,
   * answers lost after the message was stored; listed or a hashed share of chats refused
   * with 403 (blocked, not started, deactivated) or 400 chat not found; latency. Replaces
   * earlier options; `{}` turns them off. Throws on recipient shares outside 0..1.
   */
  setFaults(options: FaultOptions): void {
    this.faults.set(options);
  }

  /** The per-chat fault this chat gets under the current options (listed or drawn by share); text that is no number: chatNotFound. */
  fateOf(chatId: number | string): ChatFate | undefined {
    const id = chatIdOf(chatId);
    return typeof id === "number" ? this.faults.fateOf(id) : "chatNotFound";
  }

  // ───────────── Telegram in front of webhook instances ─────────────

  /**
   * Acts as Telegram and a load balancer in front of several bot instances in webhook
   * mode: once a webhook is set, every update is POSTed to one of `targets` instead of
   * waiting for getUpdates (one chat's updates one at a time, redelivered on a non-2xx,
   * a seeded share to two instances at once; see webhook.ts).
   */
  balance(options: BalancerOptions): void {
    this.updates.balance(options);
  }

  /** Resolves once an instance answered this update with a 2xx (or it was given up): a webhook's "handled". */
  delivered(update: Update | number): Promise<WebhookDelivery> {
    const pusher = this.updates.pusher;
    if (!pusher) return Promise.reject(new Error("balance() was not called: updates are polled"));
    return pusher.delivery(typeof update === "number" ? update : update.update_id);
  }

  /** Every pushed update's POSTs (target and status), in the order they were queued. */
  webhookDeliveries(): readonly WebhookDelivery[] {
    return this.updates.pusher?.deliveries ?? [];
  }

  // ───────────── inspecting ─────────────

  /** Starts a new window for `waitFor` and `callsSinceMark`. */
  mark(): void {
    this.recorder.mark();
  }

  callsSinceMark(method?: string | readonly string[]): ApiCall[] {
    return this.recorder.sinceMark(method);
  }

  /**
   * The first call of `method` since the last `mark()` (or start) matching `predicate`,
   * whether already made or still to come. Does not consume: two waits for the same
   * method see the same call — mark() between actions or use a predicate.
   */
  waitFor(method: string | readonly string[], predicate?: (call: ApiCall) => boolean, timeoutMs?: number): Promise<ApiCall> {
    return this.recorder.waitFor(method, predicate, timeoutMs);
  }

  /** Every message send and edit (or calls of `methods`) with its time, refused ones too. */
  sendTimes(methods: readonly string[] = MESSAGE_METHODS): SendTime[] {
    return sendTimesOf(this.calls, { methods });
  }

  /** The most sends received within any [t, t + windowMs); by default all received message calls. */
  maxSendsInWindow(windowMs = 1000, filter: SendFilter = {}): number {
    const times = sendTimesOf(this.calls, filter).map((s) => s.receivedAt);
    return maxInWindow(times, windowMs);
  }

  /** The smallest gap (ms) between two sends received for one chat; Infinity when none. */
  minGapPerChat(filter: SendFilter = {}): number {
    return minGapPerChat(sendTimesOf(this.calls, filter));
  }

  /** How many bot messages the chat holds now (sent and not deleted; dropped answers too). */
  deliveredCount(chatId: number | string): number {
    let count = 0;
    for (const m of this.chat(chatId)?.messages.values() ?? []) if (m.fromBot) count++;
    return count;
  }

  /** Subscribes to every recorded call; returns the unsubscribe function. */
  on(event: "call", listener: (call: ApiCall) => void): () => void {
    if (event !== "call") throw new Error(`Unknown event ${String(event)}`);
    return this.recorder.subscribe(listener);
  }

  off(_event: "call", listener: (call: ApiCall) => void): void {
    this.recorder.unsubscribe(listener);
  }

  /** The chat as it looks now: bot messages only unless `includeUser`, deleted ones gone. */
  messages(chatId: number | string, opts: { includeUser?: boolean } = {}): LocalMessage[] {
    const state = this.chat(chatId);
    if (!state) return [];
    return [...state.messages.values()].filter((m) => m.fromBot || opts.includeUser).map(viewOf);
  }

  /** The newest message the bot has in the chat, if any. */
  lastBotMessage(chatId: number | string): LocalMessage | undefined {
    return this.messages(chatId).at(-1);
  }

  /** The reply keyboard currently shown to the user (set by a ReplyKeyboardMarkup, cleared by a remove). */
  replyKeyboard(chatId: number): ReplyKeyboardMarkup | undefined {
    return this.state.chats.get(chatId)?.replyKeyboard;
  }

  /** Commands stored by setMyCommands for this scope and language ('' = all languages). */
  commands(scope: BotCommandScope = { type: "default" }, languageCode = ""): BotCommand[] | undefined {
    return this.state.commandSets.get(commandKey(scope, languageCode));
  }

  menuButton(chatId?: number): MenuButton | undefined {
    return this.state.menuButtons.get(chatId === undefined ? "default" : String(chatId));
  }

  /** Updates queued and not yet confirmed by a getUpdates offset. */
  pendingUpdates(): readonly Update[] {
    return this.updates.pending();
  }

  /** A chat by its id, "123" being 123 as on the wire. */
  private chat(chatId: number | string) {
    const id = chatIdOf(chatId);
    return typeof id === "number" ? this.state.chats.get(id) : undefined;
  }
}
