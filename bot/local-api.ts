/**
 * A local stand-in for the Telegram Bot API.
 *
 * The real telegraf bot polls it exactly as it polls api.telegram.org
 * (`new Telegraf(token, { telegram: { apiRoot } })`), so the end-to-end tests and the
 * terminal console exercise the production code path without Telegram. It keeps
 * chats, messages and uploaded files in memory, records every API call, and answers
 * with Bot-API-shaped results and the Bot API's own error texts for the mistakes a
 * bot typically makes (message not modified, text too long, bad HTML, stale callback
 * query, callback_data over 64 bytes, …), so those mistakes surface locally.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type {
  BotCommand,
  BotCommandScope,
  CallbackQuery,
  Chat,
  Document,
  ForceReply,
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  MenuButton,
  Message,
  MessageEntity,
  PhotoSize,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
  File as TgFile,
  Update,
  User,
  UserFromGetMe,
  WebhookInfo,
} from "telegraf/types";

// ───────────────────────────── public types ─────────────────────────────

export interface LocalBotApiOptions {
  /** Bot token the bot must use; `<digits>:<secret>`, the digits become the bot's user id. */
  token?: string;
  botUsername?: string;
  botName?: string;
  /** Fixed port; default is a random free one. */
  port?: number;
  /** Default timeout of `waitFor`, ms. */
  waitTimeoutMs?: number;
  /** Receives one line per API call, injected update and API error (not per getUpdates). */
  log?: (line: string) => void;
}

/** A user as the console or a test impersonates them; their private chat has the same id. */
export interface LocalUser {
  id: number;
  firstName?: string;
  lastName?: string;
  username?: string;
  languageCode?: string;
}

export interface ApiErrorBody {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export interface ApiCall {
  method: string;
  /** Parameters as the bot sent them; uploaded files are Buffers. */
  params: Record<string, unknown>;
  /** Date.now() when the call was processed (getUpdates: when the poll started). */
  at: number;
  /** What the server answered (absent for getUpdates, recorded before it answers). */
  result?: unknown;
  error?: ApiErrorBody;
}

export type ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;

/** The kinds of message this server stores. */
export type ChatMessage = Message.TextMessage | Message.PhotoMessage | Message.DocumentMessage;

/** A message as currently visible in a chat (after edits). */
export interface LocalMessage {
  message_id: number;
  fromBot: boolean;
  date: number;
  edit_date?: number;
  text?: string;
  caption?: string;
  entities?: MessageEntity[];
  /** The markup the bot last attached (any kind; Telegram itself only echoes inline ones). */
  reply_markup?: ReplyMarkup;
  photo?: Buffer;
  document?: { fileName: string; mimeType: string; bytes: Buffer };
  /** The message object as the Bot API returned it. */
  raw: ChatMessage;
}

export interface DocumentInput {
  fileName: string;
  bytes: Buffer;
  mimeType?: string;
  caption?: string;
}

type WithoutId<T> = T extends unknown ? Omit<T, "update_id"> : never;
/** Any Update without `update_id`, which the server assigns. */
export type UpdateInput = WithoutId<Update>;

export type TextMessageUpdate = Update.MessageUpdate<Message.TextMessage>;
export type DocumentMessageUpdate = Update.MessageUpdate<Message.DocumentMessage>;
export type CallbackQueryUpdate = Update.CallbackQueryUpdate<CallbackQuery.DataQuery>;

/** Thrown by method handlers; becomes `{ ok: false, error_code, description }`. */
export class BotApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
  ) {
    super(description);
    this.name = "BotApiError";
  }
}

// ───────────────────────────── internals ─────────────────────────────

type Params = Record<string, unknown>;

interface UploadedFile {
  bytes: Buffer;
  fileName: string;
  mimeType: string;
}
type Uploads = Map<string, UploadedFile>;

interface StoredFile extends UploadedFile {
  fileId: string;
  uniqueId: string;
  filePath: string;
}

interface StoredMessage {
  message: ChatMessage;
  fromBot: boolean;
  markup?: ReplyMarkup;
  photo?: StoredFile;
  document?: StoredFile;
}

interface ChatState {
  chat: Exclude<Chat, Chat.ChannelChat>;
  user: User;
  nextMessageId: number;
  messages: Map<number, StoredMessage>;
  replyKeyboard?: ReplyKeyboardMarkup;
}

interface PendingPoll {
  res: ServerResponse;
  limit: number;
  timer: NodeJS.Timeout;
}

interface Waiter {
  methods: ReadonlySet<string>;
  predicate: (call: ApiCall) => boolean;
  resolve: (call: ApiCall) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

type Handler = (params: Params, uploads: Uploads) => unknown;

const DEFAULT_TOKEN = "1000001:LOCAL-sapat-test-token";
const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;
const MAX_BODY_BYTES = 50 * 1024 * 1024; // the Bot API's upload limit
const NOT_MODIFIED =
  "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

// Form and query values are strings; these are turned back into what JSON would carry.
const JSON_FIELDS = new Set([
  "reply_markup",
  "entities",
  "caption_entities",
  "allowed_updates",
  "commands",
  "scope",
  "menu_button",
  "link_preview_options",
  "reply_parameters",
  "media",
  "results",
]);
const INT_FIELDS = new Set([
  "chat_id",
  "message_id",
  "offset",
  "limit",
  "timeout",
  "reply_to_message_id",
  "message_thread_id",
  "cache_time",
  "from_chat_id",
  "max_connections",
]);
const BOOL_FIELDS = new Set([
  "show_alert",
  "disable_notification",
  "disable_web_page_preview",
  "protect_content",
  "drop_pending_updates",
  "allow_sending_without_reply",
  "has_spoiler",
  "disable_content_type_detection",
]);

export class LocalBotApi {
  readonly token: string;
  readonly botUser: UserFromGetMe;
  /** Every API call, in order. */
  readonly calls: ApiCall[] = [];

  private readonly log: (line: string) => void;
  private readonly port: number;
  private readonly waitTimeoutMs: number;
  private readonly handlers: Map<string, { name: string; handler: Handler }>;
  private readonly listeners = new Set<(call: ApiCall) => void>();
  private readonly waiters = new Set<Waiter>();
  private readonly chats = new Map<number, ChatState>();
  private readonly files = new Map<string, StoredFile>();
  private readonly openQueries = new Set<string>();
  private readonly commandSets = new Map<string, BotCommand[]>();
  private readonly menuButtons = new Map<string, MenuButton>();
  private readonly failures: Array<{ method: string; error: ApiErrorBody }> = [];

  private server: Server | undefined;
  private stopping = false;
  private queue: Update[] = [];
  private poll: PendingPoll | undefined;
  private nextUpdateId = 1;
  private nextFileNo = 1;
  private nextQueryNo = 1;
  private markIndex = 0;
  private webhookUrl = "";

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
    this.log = opts.log ?? (() => {});
    this.port = opts.port ?? 0;
    this.waitTimeoutMs = opts.waitTimeoutMs ?? 5000;
    this.handlers = new Map(Object.entries(this.methodTable()).map(([name, handler]) => [name.toLowerCase(), { name, handler }]));
  }

  // ───────────── lifecycle ─────────────

  /** Listens on 127.0.0.1; pass `apiRoot` to telegraf as `telegram.apiRoot`. */
  async start(): Promise<{ apiRoot: string; port: number }> {
    if (this.server) throw new Error("LocalBotApi already started");
    this.stopping = false;
    const server = createServer((req, res) => {
      this.onRequest(req, res).catch((err: unknown) => {
        this.log(`[local-api] internal error: ${String(err)}`);
        sendJson(res, 500, { ok: false, error_code: 500, description: "Internal Server Error" });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    return { apiRoot: `http://127.0.0.1:${port}`, port };
  }

  /**
   * Answers a pending long poll with `[]`, rejects pending `waitFor`s and closes every
   * connection. Stop the bot first (`bot.stop()`, then await `launch()`): a bot still
   * polling a stopped server retries every 5 s and keeps the process alive.
   */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.stopping = true;
    this.server = undefined;
    this.releasePoll([]);
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error("LocalBotApi stopped while a waitFor was pending"));
    }
    this.waiters.clear();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Telegraf's agent keeps connections alive; without this close() waits for them.
      server.closeAllConnections();
    });
  }

  // ───────────── acting as a user ─────────────

  /** A text message from `user` in their private chat; a leading `/command` gets its entity. */
  sendText(user: LocalUser, text: string, opts: { replyToMessageId?: number } = {}): TextMessageUpdate {
    const state = this.chatOf(user.id, user);
    const command = /^\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?/.exec(text);
    const message: TextMessageUpdate["message"] = {
      message_id: state.nextMessageId++,
      from: state.user,
      chat: state.chat,
      date: unixNow(),
      text,
      ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
      ...this.replyTo(state, opts.replyToMessageId),
    };
    state.messages.set(message.message_id, { message, fromBot: false });
    return this.deliver({ update_id: this.nextUpdateId++, message });
  }

  /** A document the user uploads (e.g. a spreadsheet to import); the bot can getFile it. */
  sendDocument(user: LocalUser, doc: DocumentInput): DocumentMessageUpdate {
    const state = this.chatOf(user.id, user);
    const file = this.storeFile("documents", {
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
    return this.deliver({ update_id: this.nextUpdateId++, message });
  }

  /**
   * The user presses an inline button on a bot message. Throws when the message or a
   * button with that callback_data is not currently there (a real user couldn't press it).
   */
  pressButton(chatId: number, messageId: number, callbackData: string): CallbackQueryUpdate {
    const state = this.chats.get(chatId);
    const stored = state?.messages.get(messageId);
    if (!state || !stored?.fromBot) throw new Error(`No bot message ${messageId} in chat ${chatId}`);
    const buttons = callbackButtons(stored.message.reply_markup);
    if (!buttons.some((b) => b.callback_data === callbackData)) {
      const have = buttons.map((b) => `${JSON.stringify(b.text)}→${b.callback_data}`).join(", ") || "none";
      throw new Error(`Message ${messageId} in chat ${chatId} has no button "${callbackData}" (buttons: ${have})`);
    }
    const id = `${this.botUser.id}${String(this.nextQueryNo++).padStart(6, "0")}`;
    this.openQueries.add(id);
    return this.deliver({
      update_id: this.nextUpdateId++,
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
    const stored = [...(this.chats.get(chatId)?.messages.values() ?? [])]
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
    if ("callback_query" in partial && partial.callback_query) this.openQueries.add(partial.callback_query.id);
    // The spread of a union loses the discriminant for TS; the shape is the caller's.
    return this.deliver({ ...partial, update_id: this.nextUpdateId++ } as Update);
  }

  /** The next call of `method` fails with this error instead (e.g. 403 blocked by the user). */
  failNext(method: string, error: ApiErrorBody): void {
    this.failures.push({ method: method.toLowerCase(), error });
  }

  // ───────────── inspecting ─────────────

  /** Starts a new window for `waitFor` and `callsSinceMark`. */
  mark(): void {
    this.markIndex = this.calls.length;
  }

  callsSinceMark(method?: string | readonly string[]): ApiCall[] {
    const methods = method === undefined ? undefined : new Set(typeof method === "string" ? [method] : method);
    return this.calls.slice(this.markIndex).filter((c) => !methods || methods.has(c.method));
  }

  /**
   * The first call of `method` since the last `mark()` (or start) matching `predicate`,
   * whether already made or still to come. Does not consume: two waits for the same
   * method see the same call — mark() between actions or use a predicate.
   */
  waitFor(
    method: string | readonly string[],
    predicate: (call: ApiCall) => boolean = () => true,
    timeoutMs = this.waitTimeoutMs,
  ): Promise<ApiCall> {
    const methods = new Set(typeof method === "string" ? [method] : method);
    const done = this.calls.slice(this.markIndex).find((c) => methods.has(c.method) && predicate(c));
    if (done) return Promise.resolve(done);
    return new Promise<ApiCall>((resolve, reject) => {
      const waiter: Waiter = {
        methods,
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new Error(this.timeoutReport([...methods], timeoutMs)));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Subscribes to every recorded call; returns the unsubscribe function. */
  on(event: "call", listener: (call: ApiCall) => void): () => void {
    if (event !== "call") throw new Error(`Unknown event ${String(event)}`);
    this.listeners.add(listener);
    return () => this.off(event, listener);
  }

  off(_event: "call", listener: (call: ApiCall) => void): void {
    this.listeners.delete(listener);
  }

  /** The chat as it looks now: bot messages only unless `includeUser`, deleted ones gone. */
  messages(chatId: number, opts: { includeUser?: boolean } = {}): LocalMessage[] {
    const state = this.chats.get(chatId);
    if (!state) return [];
    return [...state.messages.values()].filter((m) => m.fromBot || opts.includeUser).map(viewOf);
  }

  /** The newest message the bot has in the chat, if any. */
  lastBotMessage(chatId: number): LocalMessage | undefined {
    return this.messages(chatId).at(-1);
  }

  /** The reply keyboard currently shown to the user (set by a ReplyKeyboardMarkup, cleared by a remove). */
  replyKeyboard(chatId: number): ReplyKeyboardMarkup | undefined {
    return this.chats.get(chatId)?.replyKeyboard;
  }

  /** Commands stored by setMyCommands for this scope and language ('' = all languages). */
  commands(scope: BotCommandScope = { type: "default" }, languageCode = ""): BotCommand[] | undefined {
    return this.commandSets.get(commandKey(scope, languageCode));
  }

  menuButton(chatId?: number): MenuButton | undefined {
    return this.menuButtons.get(chatId === undefined ? "default" : String(chatId));
  }

  /** Updates queued and not yet confirmed by a getUpdates offset. */
  pendingUpdates(): readonly Update[] {
    return this.queue;
  }

  // ───────────── HTTP ─────────────

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const fileRoute = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileRoute) return this.serveFile(res, decodeURIComponent(fileRoute[1] ?? ""), fileRoute[2] ?? "");

    const route = /^\/bot([^/]+)\/([A-Za-z0-9_]+)\/?$/.exec(url.pathname);
    if (!route) return sendJson(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    if (decodeURIComponent(route[1] ?? "") !== this.token) {
      return sendJson(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    }
    const requested = route[2] ?? "";

    let params: Params;
    let uploads: Uploads;
    try {
      ({ params, uploads } = await parseRequest(req, url));
    } catch (err) {
      const error = err instanceof BotApiError ? err : new BotApiError(400, `Bad Request: ${String(err)}`);
      return this.answer(res, { method: requested, params: {}, at: Date.now() }, error);
    }
    const allParams: Params = { ...params };
    for (const [field, file] of uploads) allParams[field] = file.bytes;

    // Bot API method names are case-insensitive.
    const entry = this.handlers.get(requested.toLowerCase());
    const call: ApiCall = { method: entry?.name ?? requested, params: allParams, at: Date.now() };
    if (!entry) return this.answer(res, call, new BotApiError(404, "Not Found"));

    const failureIndex = this.failures.findIndex((f) => f.method === requested.toLowerCase());
    const [failure] = failureIndex >= 0 ? this.failures.splice(failureIndex, 1) : [];
    if (failure) {
      const { error } = failure;
      call.error = error;
      this.record(call);
      return sendJson(res, error.error_code, { ok: false, ...error });
    }

    if (entry.name === "getUpdates") return this.getUpdates(params, res, call);

    try {
      const result = entry.handler(params, uploads);
      call.result = result;
      this.record(call);
      sendJson(res, 200, { ok: true, result });
    } catch (err) {
      if (!(err instanceof BotApiError)) throw err;
      this.answer(res, call, err);
    }
  }

  private answer(res: ServerResponse, call: ApiCall, error: BotApiError): void {
    call.error = { error_code: error.code, description: error.description };
    this.record(call);
    sendJson(res, error.code, { ok: false, ...call.error });
  }

  private serveFile(res: ServerResponse, token: string, filePath: string): void {
    const file = token === this.token ? [...this.files.values()].find((f) => f.filePath === filePath) : undefined;
    if (!file) {
      sendJson(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      return;
    }
    res.writeHead(200, { "content-type": file.mimeType, "content-length": file.bytes.length });
    res.end(file.bytes);
  }

  // ───────────── updates and long polling ─────────────

  private deliver<U extends Update>(update: U): U {
    this.queue.push(update);
    this.log(`[local-api] update #${update.update_id} ${describeUpdate(update)}`);
    this.flushPoll();
    return update;
  }

  private getUpdates(params: Params, res: ServerResponse, call: ApiCall): void {
    if (this.webhookUrl) {
      const conflict =
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
      this.answer(res, call, new BotApiError(409, conflict));
      return;
    }
    const offset = optInt(params, "offset") ?? 0;
    const limit = Math.min(100, Math.max(1, optInt(params, "limit") ?? 100));
    // Fractions are accepted (the real API wants whole seconds) so tests can poll briefly.
    const timeoutSec = Math.max(0, optNumber(params, "timeout") ?? 0);

    // An update is confirmed (dropped) once getUpdates is called with a higher offset;
    // a negative offset keeps only the last -offset updates.
    if (offset > 0) this.queue = this.queue.filter((u) => u.update_id >= offset);
    else if (offset < 0) this.queue = this.queue.slice(offset);

    // Like Telegram, a newer poll ends the older one; here that one is normally a poll
    // telegraf already aborted on stop, so nobody reads the answer.
    if (this.poll) {
      const older = this.poll;
      this.poll = undefined;
      clearTimeout(older.timer);
      sendJson(older.res, 409, {
        ok: false,
        error_code: 409,
        description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
      });
    }

    this.record(call);
    if (this.queue.length > 0 || timeoutSec === 0 || this.stopping) {
      sendJson(res, 200, { ok: true, result: this.queue.slice(0, limit) });
      return;
    }
    const poll: PendingPoll = {
      res,
      limit,
      timer: setTimeout(() => this.releasePoll([]), timeoutSec * 1000),
    };
    this.poll = poll;
    // 'close' on the response fires when the client goes away (telegraf aborts on stop);
    // IncomingMessage's 'close' would fire as soon as the body has been read.
    res.on("close", () => {
      if (this.poll === poll) {
        clearTimeout(poll.timer);
        this.poll = undefined;
      }
    });
  }

  private flushPoll(): void {
    if (this.poll && this.queue.length > 0) this.releasePoll(this.queue.slice(0, this.poll.limit));
  }

  private releasePoll(result: Update[]): void {
    const poll = this.poll;
    if (!poll) return;
    this.poll = undefined;
    clearTimeout(poll.timer);
    // Delivered updates stay queued until confirmed, so a poll lost in flight loses nothing.
    sendJson(poll.res, 200, { ok: true, result });
  }

  // ───────────── recording ─────────────

  private record(call: ApiCall): void {
    this.calls.push(call);
    if (call.method !== "getUpdates" || call.error) this.log(`[local-api] ${describeCall(call)}`);
    for (const listener of this.listeners) {
      try {
        listener(call);
      } catch (err) {
        this.log(`[local-api] call listener threw: ${String(err)}`);
      }
    }
    for (const waiter of this.waiters) {
      if (!waiter.methods.has(call.method)) continue;
      let matches = false;
      try {
        matches = waiter.predicate(call);
      } catch (err) {
        this.waiters.delete(waiter);
        clearTimeout(waiter.timer);
        waiter.reject(err instanceof Error ? err : new Error(String(err)));
        continue;
      }
      if (matches) {
        this.waiters.delete(waiter);
        clearTimeout(waiter.timer);
        waiter.resolve(call);
      }
    }
  }

  private timeoutReport(methods: string[], timeoutMs: number): string {
    const recent = this.calls
      .slice(this.markIndex)
      .filter((c) => c.method !== "getUpdates")
      .slice(-15)
      .map((c) => `  ${describeCall(c)}`);
    const lines = [
      `waitFor(${methods.join("|")}) timed out after ${timeoutMs} ms.`,
      recent.length > 0 ? `Calls since mark (newest last):\n${recent.join("\n")}` : "No calls since mark.",
    ];
    if (!this.poll) {
      lines.push(
        "No getUpdates poll is pending: is the bot launched, or did a handler throw without bot.catch() and stop polling?",
      );
    }
    if (this.queue.length > 0) lines.push(`${this.queue.length} update(s) not yet confirmed by the bot.`);
    return lines.join("\n");
  }

  // ───────────── chats and files ─────────────

  private chatOf(chatId: number, user?: LocalUser): ChatState {
    let state = this.chats.get(chatId);
    if (!state) {
      const tgUser: User = { id: chatId, is_bot: false, first_name: `User ${chatId}` };
      const chat: ChatState["chat"] =
        chatId > 0
          ? { id: chatId, type: "private", first_name: tgUser.first_name }
          : { id: chatId, type: "group", title: `Group ${chatId}` };
      state = { chat, user: tgUser, nextMessageId: 1, messages: new Map() };
      this.chats.set(chatId, state);
    }
    if (user) {
      const tgUser: User = {
        id: user.id,
        is_bot: false,
        first_name: user.firstName ?? state.user.first_name,
        ...(user.lastName !== undefined ? { last_name: user.lastName } : {}),
        ...(user.username !== undefined ? { username: user.username } : {}),
        ...(user.languageCode !== undefined ? { language_code: user.languageCode } : {}),
      };
      state.user = tgUser;
      if (state.chat.type === "private") {
        state.chat = {
          id: chatId,
          type: "private",
          first_name: tgUser.first_name,
          ...(tgUser.last_name !== undefined ? { last_name: tgUser.last_name } : {}),
          ...(tgUser.username !== undefined ? { username: tgUser.username } : {}),
        };
      }
    }
    return state;
  }

  private targetChat(params: Params): ChatState {
    const chatId = params.chat_id;
    if (chatId === undefined || chatId === "") throw new BotApiError(400, "Bad Request: chat_id is empty");
    if (typeof chatId !== "number" || !Number.isInteger(chatId)) throw new BotApiError(400, "Bad Request: chat not found");
    // Lenient: a chat the bot writes to first is created (tests seed users the bot notifies).
    return this.chatOf(chatId);
  }

  private storedMessage(params: Params, notFound: string): { state: ChatState; stored: StoredMessage } {
    if (params.inline_message_id !== undefined) {
      throw new BotApiError(400, "Bad Request: inline messages are not supported by the local Bot API");
    }
    const state = this.targetChat(params);
    const stored = state.messages.get(requireInt(params, "message_id"));
    if (!stored) throw new BotApiError(400, `Bad Request: ${notFound}`);
    return { state, stored };
  }

  private storeFile(kind: "photos" | "documents", file: UploadedFile): StoredFile {
    const no = this.nextFileNo++;
    const ext = /\.([A-Za-z0-9]{1,8})$/.exec(file.fileName)?.[1] ?? (kind === "photos" ? "jpg" : "dat");
    const stored: StoredFile = {
      ...file,
      fileId: `${kind === "photos" ? "AgAC" : "BQAC"}Local${no}_${randomBytes(6).toString("hex")}`,
      uniqueId: `AQAD${no}`,
      filePath: `${kind}/file_${no}.${ext}`,
    };
    this.files.set(stored.fileId, stored);
    return stored;
  }

  /** An uploaded file, a file_id sent before, or a URL (kept without bytes). */
  private inputFile(params: Params, uploads: Uploads, field: string, kind: "photos" | "documents"): StoredFile {
    const upload = uploads.get(field);
    if (upload) {
      if (upload.bytes.length === 0) throw new BotApiError(400, "Bad Request: file must be non-empty");
      return this.storeFile(kind, upload);
    }
    const ref = params[field];
    if (typeof ref !== "string" || ref === "") throw new BotApiError(400, `Bad Request: there is no ${field} in the request`);
    const known = this.files.get(ref);
    if (known) return known;
    if (/^https?:\/\//.test(ref)) {
      const name = new URL(ref).pathname.split("/").pop() || "file";
      return this.storeFile(kind, { bytes: Buffer.alloc(0), fileName: name, mimeType: guessMime(name) });
    }
    throw new BotApiError(400, "Bad Request: wrong file identifier/HTTP URL specified");
  }

  private replyTo(state: ChatState, messageId: number | undefined): Pick<Message.TextMessage, "reply_to_message"> {
    const target = messageId === undefined ? undefined : state.messages.get(messageId);
    return target ? { reply_to_message: { ...target.message, reply_to_message: undefined } } : {};
  }

  private saveBotMessage(state: ChatState, stored: StoredMessage): ChatMessage {
    state.messages.set(stored.message.message_id, stored);
    if (stored.markup && "keyboard" in stored.markup) state.replyKeyboard = stored.markup;
    if (stored.markup && "remove_keyboard" in stored.markup) state.replyKeyboard = undefined;
    return stored.message;
  }

  private baseMessage(state: ChatState, params: Params): Message.CommonMessage {
    const replyId = optInt(params, "reply_to_message_id") ?? optInt(asParams(params.reply_parameters), "message_id");
    return {
      message_id: state.nextMessageId++,
      from: this.botFrom(),
      chat: state.chat,
      date: unixNow(),
      ...this.replyTo(state, replyId),
    };
  }

  private botFrom(): User {
    const { id, is_bot, first_name, username } = this.botUser;
    return { id, is_bot, first_name, username };
  }

  // ───────────── Bot API methods ─────────────

  private methodTable(): Record<string, Handler> {
    return {
      getMe: () => this.botUser,
      getUpdates: () => {
        throw new Error("getUpdates is handled by the long-poll code");
      },
      logOut: () => true,
      close: () => true,
      setWebhook: (p) => {
        this.webhookUrl = optString(p, "url") ?? "";
        if (p.drop_pending_updates === true) this.queue = [];
        return true;
      },
      deleteWebhook: (p) => {
        this.webhookUrl = "";
        if (p.drop_pending_updates === true) this.queue = [];
        return true;
      },
      getWebhookInfo: (): WebhookInfo => ({
        url: this.webhookUrl,
        has_custom_certificate: false,
        pending_update_count: this.queue.length,
      }),

      sendMessage: (p) => {
        const state = this.targetChat(p);
        const { text, entities } = formatText(requireString(p, "text"), p.parse_mode, p.entities, MAX_TEXT, "text");
        const markup = replyMarkupOf(p);
        const message: Message.TextMessage = {
          ...this.baseMessage(state, p),
          text,
          ...(entities.length > 0 ? { entities } : {}),
          ...inlineOnly(markup),
        };
        return this.saveBotMessage(state, { message, fromBot: true, markup });
      },
      sendPhoto: (p, uploads) => {
        const state = this.targetChat(p);
        const file = this.inputFile(p, uploads, "photo", "photos");
        const info = imageInfo(file.bytes);
        if (file.bytes.length > 0 && !info) throw new BotApiError(400, "Bad Request: IMAGE_PROCESS_FAILED");
        const markup = replyMarkupOf(p);
        const size: PhotoSize = {
          file_id: file.fileId,
          file_unique_id: file.uniqueId,
          width: info?.width ?? 0,
          height: info?.height ?? 0,
          file_size: file.bytes.length,
        };
        const message: Message.PhotoMessage = {
          ...this.baseMessage(state, p),
          photo: [size],
          ...captionOf(p),
          ...inlineOnly(markup),
        };
        return this.saveBotMessage(state, { message, fromBot: true, markup, photo: file });
      },
      sendDocument: (p, uploads) => {
        const state = this.targetChat(p);
        const file = this.inputFile(p, uploads, "document", "documents");
        const markup = replyMarkupOf(p);
        const message: Message.DocumentMessage = {
          ...this.baseMessage(state, p),
          document: documentOf(file),
          ...captionOf(p),
          ...inlineOnly(markup),
        };
        return this.saveBotMessage(state, { message, fromBot: true, markup, document: file });
      },
      sendChatAction: (p) => {
        this.targetChat(p);
        requireString(p, "action");
        return true;
      },

      editMessageText: (p) => {
        const { stored } = this.storedMessage(p, "message to edit not found");
        if (!stored.fromBot) throw new BotApiError(400, "Bad Request: message can't be edited");
        const old = stored.message;
        if (!("text" in old)) throw new BotApiError(400, "Bad Request: there is no text in the message to edit");
        const { text, entities } = formatText(requireString(p, "text"), p.parse_mode, p.entities, MAX_TEXT, "text");
        // Telegram drops the inline keyboard when an edit carries no reply_markup.
        const markup = inlineMarkupOf(p);
        assertModified([old.text, old.entities ?? [], old.reply_markup], [text, entities, markup]);
        const { entities: _oldEntities, reply_markup: _oldMarkup, ...rest } = old;
        stored.message = {
          ...rest,
          text,
          edit_date: unixNow(),
          ...(entities.length > 0 ? { entities } : {}),
          ...(markup ? { reply_markup: markup } : {}),
        };
        stored.markup = markup;
        return stored.message;
      },
      editMessageCaption: (p) => {
        const { stored } = this.storedMessage(p, "message to edit not found");
        const old = stored.message;
        if ("text" in old) throw new BotApiError(400, "Bad Request: there is no caption in the message to edit");
        const caption = captionOf(p);
        const markup = inlineMarkupOf(p);
        assertModified(
          [old.caption ?? "", old.caption_entities ?? [], old.reply_markup],
          [caption.caption ?? "", caption.caption_entities ?? [], markup],
        );
        const { caption: _c, caption_entities: _ce, reply_markup: _rm, ...rest } = old;
        stored.message = { ...rest, ...caption, edit_date: unixNow(), ...(markup ? { reply_markup: markup } : {}) };
        stored.markup = markup;
        return stored.message;
      },
      editMessageReplyMarkup: (p) => {
        const { stored } = this.storedMessage(p, "message to edit not found");
        const markup = inlineMarkupOf(p);
        assertModified([stored.message.reply_markup], [markup]);
        const { reply_markup: _rm, ...rest } = stored.message;
        stored.message = { ...rest, edit_date: unixNow(), ...(markup ? { reply_markup: markup } : {}) };
        stored.markup = markup;
        return stored.message;
      },
      deleteMessage: (p) => {
        const { state, stored } = this.storedMessage(p, "message to delete not found");
        state.messages.delete(stored.message.message_id);
        return true;
      },
      answerCallbackQuery: (p) => {
        const id = requireString(p, "callback_query_id");
        // Each query can be answered once; unknown or answered ids are "too old".
        if (!this.openQueries.delete(id)) {
          throw new BotApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
        }
        return true;
      },

      setMyCommands: (p) => {
        const commands = p.commands;
        if (!Array.isArray(commands)) throw new BotApiError(400, "Bad Request: commands must be an array");
        const valid: BotCommand[] = commands.map((c: unknown) => {
          const cmd = asParams(c);
          const command = optString(cmd, "command") ?? "";
          const description = optString(cmd, "description") ?? "";
          if (!/^[a-z0-9_]{1,32}$/.test(command)) throw new BotApiError(400, "Bad Request: BOT_COMMAND_INVALID");
          if (description.length < 1 || description.length > 256) {
            throw new BotApiError(400, "Bad Request: command description is empty or too long");
          }
          return { command, description };
        });
        this.commandSets.set(commandKey(scopeOf(p), optString(p, "language_code") ?? ""), valid);
        return true;
      },
      getMyCommands: (p) => this.commandSets.get(commandKey(scopeOf(p), optString(p, "language_code") ?? "")) ?? [],
      deleteMyCommands: (p) => {
        this.commandSets.delete(commandKey(scopeOf(p), optString(p, "language_code") ?? ""));
        return true;
      },
      setChatMenuButton: (p) => {
        const chatId = optInt(p, "chat_id");
        const button = p.menu_button === undefined ? { type: "default" } : asParams(p.menu_button);
        this.menuButtons.set(chatId === undefined ? "default" : String(chatId), button as unknown as MenuButton);
        return true;
      },
      getChatMenuButton: (p) => {
        const chatId = optInt(p, "chat_id");
        return this.menuButtons.get(chatId === undefined ? "default" : String(chatId)) ?? { type: "default" };
      },
      // Profile texts: recorded only.
      setMyDescription: () => true,
      setMyShortDescription: () => true,
      setMyName: () => true,

      getFile: (p): TgFile => {
        const file = this.files.get(requireString(p, "file_id"));
        if (!file) throw new BotApiError(400, "Bad Request: invalid file_id");
        return { file_id: file.fileId, file_unique_id: file.uniqueId, file_size: file.bytes.length, file_path: file.filePath };
      },
    };
  }
}

// ───────────────────────────── request parsing ─────────────────────────────

async function parseRequest(req: IncomingMessage, url: URL): Promise<{ params: Params; uploads: Uploads }> {
  const params: Params = {};
  const uploads: Uploads = new Map();
  for (const [key, value] of url.searchParams) params[key] = fromFormValue(key, value);

  const body = await readBody(req);
  if (body.length === 0) return { params, uploads };
  const type = (req.headers["content-type"] ?? "").toLowerCase();

  if (type.startsWith("application/json")) {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    if (!isRecord(parsed)) throw new BotApiError(400, "Bad Request: the request body must be a JSON object");
    Object.assign(params, parsed);
  } else if (type.startsWith("application/x-www-form-urlencoded")) {
    for (const [key, value] of new URLSearchParams(body.toString("utf8"))) params[key] = fromFormValue(key, value);
  } else if (type.startsWith("multipart/form-data")) {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
    }
    const form = await new Request(url, { method: "POST", headers, body }).formData();
    for (const [key, value] of form) {
      if (typeof value === "string") {
        params[key] = fromFormValue(key, value);
      } else {
        const fileName = value.name || `${key}.dat`;
        // Telegraf sends parts without a content-type (undici then reports text/plain);
        // Telegram, too, derives the MIME type from the file, so the name decides.
        const guessed = guessMime(fileName);
        uploads.set(key, {
          bytes: Buffer.from(await value.arrayBuffer()),
          fileName,
          mimeType: guessed === "application/octet-stream" && value.type ? value.type : guessed,
        });
      }
    }
  } else {
    throw new BotApiError(400, `Bad Request: unsupported content-type ${JSON.stringify(type)}`);
  }
  return { params, uploads };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new BotApiError(413, "Request Entity Too Large");
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

function fromFormValue(key: string, value: string): unknown {
  if (JSON_FIELDS.has(key)) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw new BotApiError(400, `Bad Request: can't parse ${key} JSON object`);
    }
  }
  if (INT_FIELDS.has(key) && /^-?\d+$/.test(value)) return Number(value);
  if (key === "timeout" && /^\d+(\.\d+)?$/.test(value)) return Number(value);
  if (BOOL_FIELDS.has(key) && (value === "true" || value === "false")) return value === "true";
  return value;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(payload) });
  res.end(payload);
}

// ───────────────────────────── parameter helpers ─────────────────────────────

function isRecord(value: unknown): value is Params {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

function asParams(value: unknown): Params {
  return isRecord(value) ? value : {};
}

function optString(p: Params, key: string): string | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw new BotApiError(400, `Bad Request: field "${key}" must be a string`);
}

function requireString(p: Params, key: string): string {
  const v = optString(p, key);
  if (v === undefined) throw new BotApiError(400, `Bad Request: ${key} is empty`);
  return v;
}

function optNumber(p: Params, key: string): number | undefined {
  const v = p[key];
  if (v === undefined || v === null || v === "") return undefined;
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) throw new BotApiError(400, `Bad Request: field "${key}" must be a Number`);
  return n;
}

function optInt(p: Params, key: string): number | undefined {
  const n = optNumber(p, key);
  if (n !== undefined && !Number.isInteger(n)) throw new BotApiError(400, `Bad Request: field "${key}" must be an Integer`);
  return n;
}

function requireInt(p: Params, key: string): number {
  const n = optInt(p, key);
  if (n === undefined) throw new BotApiError(400, `Bad Request: ${key} is empty`);
  return n;
}

function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

// ───────────────────────────── markup ─────────────────────────────

function replyMarkupOf(p: Params): ReplyMarkup | undefined {
  const raw = p.reply_markup;
  if (raw === undefined || raw === null || raw === "") return undefined;
  if (!isRecord(raw)) throw new BotApiError(400, "Bad Request: can't parse reply keyboard markup JSON object");
  if (Array.isArray(raw.inline_keyboard)) {
    for (const row of raw.inline_keyboard as unknown[]) {
      if (!Array.isArray(row)) throw new BotApiError(400, 'Bad Request: field "inline_keyboard" must be an Array of Arrays');
      for (const button of row as unknown[]) validateInlineButton(asParams(button));
    }
    return raw as unknown as InlineKeyboardMarkup;
  }
  if (Array.isArray(raw.keyboard)) return raw as unknown as ReplyKeyboardMarkup;
  if (raw.remove_keyboard === true) return raw as unknown as ReplyKeyboardRemove;
  if (raw.force_reply === true) return raw as unknown as ForceReply;
  throw new BotApiError(400, "Bad Request: can't parse reply keyboard markup JSON object");
}

function inlineMarkupOf(p: Params): InlineKeyboardMarkup | undefined {
  const markup = replyMarkupOf(p);
  if (markup && !("inline_keyboard" in markup)) throw new BotApiError(400, "Bad Request: inline keyboard expected");
  return markup;
}

function inlineOnly(markup: ReplyMarkup | undefined): { reply_markup?: InlineKeyboardMarkup } {
  return markup && "inline_keyboard" in markup ? { reply_markup: markup } : {};
}

function validateInlineButton(button: Params): void {
  if (typeof button.text !== "string" || button.text === "")
    throw new BotApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard");
  if (typeof button.callback_data === "string") {
    const bytes = Buffer.byteLength(button.callback_data);
    if (bytes < 1 || bytes > 64) throw new BotApiError(400, "Bad Request: BUTTON_DATA_INVALID");
  }
}

function callbackButtons(markup: InlineKeyboardMarkup | undefined): InlineKeyboardButton.CallbackButton[] {
  return (markup?.inline_keyboard ?? []).flat().filter((b): b is InlineKeyboardButton.CallbackButton => "callback_data" in b);
}

/** Compares JSON-ish values regardless of key order. */
function assertModified(before: unknown[], after: unknown[]): void {
  if (canonicalJson(before) === canonicalJson(after)) throw new BotApiError(400, NOT_MODIFIED);
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isRecord(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

function commandKey(scope: BotCommandScope, languageCode: string): string {
  const s = scope as { type: string; chat_id?: number | string; user_id?: number };
  return `${s.type}|${s.chat_id ?? ""}|${s.user_id ?? ""}|${languageCode}`;
}

function scopeOf(p: Params): BotCommandScope {
  const scope = asParams(p.scope);
  return typeof scope.type === "string" ? (scope as unknown as BotCommandScope) : { type: "default" };
}

// ───────────────────────────── messages and files ─────────────────────────────

function captionOf(p: Params): { caption?: string; caption_entities?: MessageEntity[] } {
  const source = optString(p, "caption");
  if (source === undefined || source === "") return {};
  const { text, entities } = formatText(source, p.parse_mode, p.caption_entities, MAX_CAPTION, "caption");
  return { caption: text, ...(entities.length > 0 ? { caption_entities: entities } : {}) };
}

function documentOf(file: StoredFile): Document {
  return {
    file_id: file.fileId,
    file_unique_id: file.uniqueId,
    file_name: file.fileName,
    mime_type: file.mimeType,
    file_size: file.bytes.length,
  };
}

function viewOf(stored: StoredMessage): LocalMessage {
  const m = stored.message;
  return {
    message_id: m.message_id,
    fromBot: stored.fromBot,
    date: m.date,
    ...(m.edit_date !== undefined ? { edit_date: m.edit_date } : {}),
    ...("text" in m ? { text: m.text, ...(m.entities ? { entities: m.entities } : {}) } : {}),
    ...(!("text" in m) && m.caption !== undefined ? { caption: m.caption } : {}),
    ...(!("text" in m) && m.caption_entities ? { entities: m.caption_entities } : {}),
    ...(stored.markup ? { reply_markup: stored.markup } : {}),
    ...(stored.photo ? { photo: stored.photo.bytes } : {}),
    ...(stored.document
      ? { document: { fileName: stored.document.fileName, mimeType: stored.document.mimeType, bytes: stored.document.bytes } }
      : {}),
    raw: structuredClone(m), // callers must not be able to alter the chat's state
  };
}

function guessMime(fileName: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? "";
  const types: Record<string, string> = {
    xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    xls: "application/vnd.ms-excel",
    csv: "text/csv",
    pdf: "application/pdf",
    png: "image/png",
    jpg: "image/jpeg",
    jpeg: "image/jpeg",
    txt: "text/plain",
    json: "application/json",
    zip: "application/zip",
    docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  };
  return types[ext] ?? "application/octet-stream";
}

/** Format and size of PNG/JPEG/GIF/WebP bytes; undefined when it is not an image Telegram takes. */
function imageInfo(b: Buffer): { width: number; height: number } | undefined {
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47) return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b.length >= 10 && b.toString("latin1", 0, 4) === "GIF8") return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
  if (b.length >= 12 && b.toString("latin1", 0, 4) === "RIFF" && b.toString("latin1", 8, 12) === "WEBP")
    return { width: 0, height: 0 };
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    // Walk the JPEG segments to the start-of-frame marker, which holds the size.
    let o = 2;
    while (o + 9 < b.length && b[o] === 0xff) {
      const marker = b[o + 1] ?? 0;
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return { height: b.readUInt16BE(o + 5), width: b.readUInt16BE(o + 7) };
      }
      o += 2 + b.readUInt16BE(o + 2);
    }
    return { width: 0, height: 0 };
  }
  return undefined;
}

// ───────────────────────────── descriptions ─────────────────────────────

function describeCall(call: ApiCall): string {
  const params = JSON.stringify(call.params, (_key, v: unknown) => {
    if (isBufferJson(v)) return `<${v.data.length} bytes>`;
    return v;
  });
  const outcome = call.error ? ` → ${call.error.error_code} ${call.error.description}` : "";
  return `${call.method} ${truncate(params, 300)}${outcome}`;
}

function isBufferJson(v: unknown): v is { type: "Buffer"; data: number[] } {
  return isRecord(v) && v.type === "Buffer" && Array.isArray(v.data);
}

function describeUpdate(update: Update): string {
  if ("message" in update) {
    const m = update.message;
    const body =
      "text" in m ? JSON.stringify(truncate(m.text, 80)) : "document" in m ? `document ${m.document.file_name ?? ""}` : "";
    return `message from ${m.chat.id}: ${body}`;
  }
  if ("callback_query" in update) {
    const q = update.callback_query;
    return `callback_query from ${q.from.id}: ${"data" in q ? q.data : ""}`;
  }
  return Object.keys(update)
    .filter((k) => k !== "update_id")
    .join(",");
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

// ───────────────────────────── parse_mode ─────────────────────────────

interface Formatted {
  text: string;
  entities: MessageEntity[];
}

/** Applies parse_mode like Telegram: plain text plus entities, or a 400 with Telegram's wording. */
function formatText(
  source: string,
  parseMode: unknown,
  explicitEntities: unknown,
  maxLength: number,
  what: "text" | "caption",
): Formatted {
  let formatted: Formatted;
  if (Array.isArray(explicitEntities)) {
    formatted = { text: source, entities: explicitEntities as MessageEntity[] };
  } else if (parseMode === undefined || parseMode === null || parseMode === "") {
    formatted = { text: source, entities: [] };
  } else {
    const mode = String(parseMode).toLowerCase();
    try {
      if (mode === "html") formatted = parseHtml(source);
      else if (mode === "markdownv2") formatted = parseMarkdownV2(source);
      else if (mode === "markdown") formatted = parseMarkdown(source);
      else throw new BotApiError(400, "Bad Request: unsupported parse_mode");
    } catch (err) {
      if (err instanceof EntityParseError) throw new BotApiError(400, `Bad Request: can't parse entities: ${err.message}`);
      throw err;
    }
  }
  if (what === "text" && formatted.text.trim() === "") throw new BotApiError(400, "Bad Request: message text is empty");
  if (formatted.text.length > maxLength) {
    throw new BotApiError(400, what === "text" ? "Bad Request: message is too long" : "Bad Request: message caption is too long");
  }
  return formatted;
}

class EntityParseError extends Error {}

function byteOffset(src: string, index: number): number {
  return Buffer.byteLength(src.slice(0, index));
}

function entity(
  type: string,
  offset: number,
  length: number,
  extra: { url?: string; language?: string; custom_emoji_id?: string } = {},
): MessageEntity {
  if (type === "text_link") return { type, offset, length, url: extra.url ?? "" };
  if (type === "pre") return { type, offset, length, ...(extra.language ? { language: extra.language } : {}) };
  if (type === "custom_emoji") return { type, offset, length, custom_emoji_id: extra.custom_emoji_id ?? "" };
  return { type: type as MessageEntity.CommonMessageEntity["type"], offset, length };
}

function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
}

const HTML_TAGS: Record<string, string> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  "tg-spoiler": "spoiler",
  span: "spoiler",
  a: "text_link",
  code: "code",
  pre: "pre",
  blockquote: "blockquote",
  "tg-emoji": "custom_emoji",
};

function parseHtml(src: string): Formatted {
  let out = "";
  const entities: MessageEntity[] = [];
  const open: Array<{ tag: string; offset: number; attrs: Map<string, string>; language?: string }> = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? "";
    if (c === "&") {
      // Telegram decodes numeric entities and &lt; &gt; &amp; &quot;; any other '&' stays literal.
      const m = /^&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(lt|gt|amp|quot));/i.exec(src.slice(i, i + 12));
      if (m) {
        const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };
        out += m[3]
          ? (named[m[3].toLowerCase()] ?? "")
          : String.fromCodePoint(Number.parseInt(m[1] ?? m[2] ?? "0", m[1] ? 10 : 16));
        i += m[0].length;
      } else {
        out += "&";
        i++;
      }
      continue;
    }
    if (c !== "<") {
      out += c;
      i++;
      continue;
    }
    const close = src.indexOf(">", i);
    if (close < 0) throw new EntityParseError(`Unclosed start tag at byte offset ${byteOffset(src, i)}`);
    const inner = src.slice(i + 1, close);
    if (inner.startsWith("/")) {
      const name = inner.slice(1).trim().toLowerCase();
      const top = open.pop();
      if (!top) throw new EntityParseError(`Unexpected end tag at byte offset ${byteOffset(src, i)}`);
      if (top.tag !== name) {
        throw new EntityParseError(
          `Unmatched end tag at byte offset ${byteOffset(src, i)}, expected "</${top.tag}>", found "</${name}>"`,
        );
      }
      const length = out.length - top.offset;
      const parent = open.at(-1);
      const codeLanguage = /^language-(.+)$/.exec(top.attrs.get("class") ?? "")?.[1];
      if (top.tag === "code" && parent?.tag === "pre" && codeLanguage) {
        parent.language = codeLanguage; // <pre><code class="language-x"> is one pre entity
      } else if (length > 0) {
        const type = HTML_TAGS[top.tag] ?? "bold";
        if (type === "text_link") {
          const href = top.attrs.get("href");
          if (href) entities.push(entity(type, top.offset, length, { url: href }));
        } else if (type === "custom_emoji") {
          entities.push(entity(type, top.offset, length, { custom_emoji_id: top.attrs.get("emoji-id") ?? "" }));
        } else {
          entities.push(entity(type, top.offset, length, top.language ? { language: top.language } : {}));
        }
      }
    } else {
      const name = (/^[A-Za-z][A-Za-z0-9-]*/.exec(inner)?.[0] ?? "").toLowerCase();
      if (!(name in HTML_TAGS))
        throw new EntityParseError(`Unsupported start tag "${name}" at byte offset ${byteOffset(src, i)}`);
      const attrs = new Map<string, string>();
      for (const a of inner.slice(name.length).matchAll(/([A-Za-z-]+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+)))?/g)) {
        attrs.set((a[1] ?? "").toLowerCase(), decodeHtmlAttr(a[2] ?? a[3] ?? a[4] ?? ""));
      }
      if (name === "span" && attrs.get("class") !== "tg-spoiler") {
        throw new EntityParseError(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(src, i)}`);
      }
      open.push({ tag: name, offset: out.length, attrs });
    }
    i = close + 1;
  }
  const unclosed = open.at(-1);
  if (unclosed) throw new EntityParseError(`Can't find end tag corresponding to start tag "${unclosed.tag}"`);
  return { text: out, entities: sortEntities(entities) };
}

function decodeHtmlAttr(value: string): string {
  return value.replace(/&(lt|gt|amp|quot);/g, (_m, n: string) => ({ lt: "<", gt: ">", amp: "&", quot: '"' })[n] ?? "");
}

const MD_NAMES: Record<string, string> = {
  bold: "Bold",
  italic: "Italic",
  underline: "Underline",
  strikethrough: "Strikethrough",
  spoiler: "Spoiler",
  code: "Code",
  pre: "Pre",
  text_link: "TextUrl",
  custom_emoji: "CustomEmoji",
};

/** MarkdownV2 as Telegram (tdlib) parses it, including its "must be escaped" errors. */
function parseMarkdownV2(src: string): Formatted {
  let out = "";
  const entities: MessageEntity[] = [];
  const open: Array<{ type: string; offset: number; byte: number; language?: string }> = [];
  let quoteStart: number | undefined;
  const reservedError = (i: number) =>
    new EntityParseError(`Character '${src[i] ?? ""}' is reserved and must be escaped with the preceding '\\'`);

  for (let i = 0; i < src.length; i++) {
    const top = open.at(-1);
    const inCode = top?.type === "code" || top?.type === "pre";
    // '>' at the start of a line (outside code) quotes that line.
    if (!inCode && (i === 0 || src[i - 1] === "\n")) {
      if (src[i] === ">") {
        quoteStart ??= out.length;
        continue;
      }
      if (quoteStart !== undefined) {
        const end = out.endsWith("\n") ? out.length - 1 : out.length;
        if (end > quoteStart) entities.push(entity("blockquote", quoteStart, end - quoteStart));
        quoteStart = undefined;
      }
    }
    const c = src[i] ?? "";
    const next = src[i + 1];
    if (c === "\\" && next !== undefined && next.charCodeAt(0) > 0 && next.charCodeAt(0) <= 126) {
      out += next;
      i++;
      continue;
    }
    const reserved = inCode ? "`" : "_*[]()~`>#+-=|{}.!";
    if (!reserved.includes(c)) {
      out += c;
      continue;
    }
    const endsTop =
      top !== undefined &&
      ((top.type === "bold" && c === "*") ||
        (top.type === "italic" && c === "_" && next !== "_") ||
        (top.type === "underline" && c === "_" && next === "_") ||
        (top.type === "strikethrough" && c === "~") ||
        (top.type === "spoiler" && c === "|" && next === "|") ||
        (top.type === "code" && c === "`") ||
        (top.type === "pre" && c === "`" && next === "`" && src[i + 2] === "`") ||
        ((top.type === "text_link" || top.type === "custom_emoji") && c === "]"));

    if (!endsTop) {
      const byte = byteOffset(src, i);
      let type: string;
      let language: string | undefined;
      if (c === "_" && next === "_") {
        type = "underline";
        i++;
      } else if (c === "_") type = "italic";
      else if (c === "*") type = "bold";
      else if (c === "~") type = "strikethrough";
      else if (c === "|" && next === "|") {
        type = "spoiler";
        i++;
      } else if (c === "[") type = "text_link";
      else if (c === "!" && next === "[") {
        type = "custom_emoji";
        i++;
      } else if (c === "`" && next === "`" && src[i + 2] === "`") {
        type = "pre";
        i += 3;
        let end = i;
        while (end < src.length && !/\s/.test(src[end] ?? "") && src[end] !== "`") end++;
        if (end !== i && end < src.length && src[end] !== "`") {
          language = src.slice(i, end);
          i = end;
        }
        // One line break right after ``` (or ```lang) is not part of the text.
        if (src[i] === "\n" || src[i] === "\r") {
          i += (src[i + 1] === "\n" || src[i + 1] === "\r") && src[i] !== src[i + 1] ? 2 : 1;
        }
        i--;
      } else if (c === "`") type = "code";
      else throw reservedError(i);
      open.push({ type, offset: out.length, byte, ...(language ? { language } : {}) });
      continue;
    }

    open.pop();
    const length = out.length - top.offset;
    if (top.type === "underline" || top.type === "spoiler") i++;
    if (top.type === "pre") i += 2;
    if (top.type === "text_link" || top.type === "custom_emoji") {
      let url = "";
      if (src[i + 1] !== "(") {
        url = out.slice(top.offset);
      } else {
        i += 2;
        const urlStart = i;
        while (i < src.length && src[i] !== ")") {
          const ch = src[i] ?? "";
          const after = src[i + 1];
          if (ch === "\\" && after !== undefined && after.charCodeAt(0) > 0 && after.charCodeAt(0) <= 126) {
            url += after;
            i += 2;
            continue;
          }
          url += ch;
          i++;
        }
        if (src[i] !== ")") throw new EntityParseError(`Can't find end of a URL at byte offset ${byteOffset(src, urlStart)}`);
      }
      if (length > 0 && url) {
        entities.push(
          top.type === "text_link"
            ? entity("text_link", top.offset, length, { url })
            : entity("custom_emoji", top.offset, length, { custom_emoji_id: /id=(\d+)/.exec(url)?.[1] ?? url }),
        );
      }
      continue;
    }
    if (length > 0) entities.push(entity(top.type, top.offset, length, top.language ? { language: top.language } : {}));
  }
  const unclosed = open.at(-1);
  if (unclosed) {
    throw new EntityParseError(
      `Can't find end of ${MD_NAMES[unclosed.type] ?? unclosed.type} entity at byte offset ${unclosed.byte}`,
    );
  }
  if (quoteStart !== undefined && out.length > quoteStart)
    entities.push(entity("blockquote", quoteStart, out.length - quoteStart));
  return { text: out, entities: sortEntities(entities) };
}

/** Legacy Markdown: *bold*, _italic_, `code`, ```pre```, [text](url); no nesting. */
function parseMarkdown(src: string): Formatted {
  let out = "";
  const entities: MessageEntity[] = [];
  const specials = "_*`[";
  for (let i = 0; i < src.length; i++) {
    const c = src[i] ?? "";
    const next = src[i + 1];
    if (c === "\\" && next !== undefined && specials.includes(next)) {
      out += next;
      i++;
      continue;
    }
    if (!specials.includes(c)) {
      out += c;
      continue;
    }
    const begin = i;
    const endChar = c === "[" ? "]" : c;
    let isPre = false;
    let language: string | undefined;
    i++;
    if (c === "`" && src[i] === "`" && src[i + 1] === "`") {
      i += 2;
      isPre = true;
      let end = i;
      while (end < src.length && !/\s/.test(src[end] ?? "") && src[end] !== "`") end++;
      if (end !== i && end < src.length && src[end] !== "`") {
        language = src.slice(i, end);
        i = end;
      }
      if (src[i] === "\n" || src[i] === "\r") i += (src[i + 1] === "\n" || src[i + 1] === "\r") && src[i] !== src[i + 1] ? 2 : 1;
    }
    const offset = out.length;
    while (i < src.length && (src[i] !== endChar || (isPre && !(src[i + 1] === "`" && src[i + 2] === "`")))) {
      out += src[i];
      i++;
    }
    if (i >= src.length)
      throw new EntityParseError(`Can't find end of the entity starting at byte offset ${byteOffset(src, begin)}`);
    const length = out.length - offset;
    if (c === "[") {
      let url = out.slice(offset);
      if (src[i + 1] === "(") {
        i += 2;
        url = "";
        while (i < src.length && src[i] !== ")") url += src[i++];
      }
      if (length > 0 && url) entities.push(entity("text_link", offset, length, { url }));
    } else if (length > 0) {
      const type = c === "_" ? "italic" : c === "*" ? "bold" : isPre ? "pre" : "code";
      entities.push(entity(type, offset, length, language ? { language } : {}));
    }
    if (isPre) i += 2;
  }
  return { text: out, entities: sortEntities(entities) };
}
