// The local Bot API's data shapes: the public ones tests and the console use, and the
// stored chat state the modules share.
import type {
  CallbackQuery,
  Chat,
  ForceReply,
  InlineKeyboardMarkup,
  Message,
  MessageEntity,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
  Update,
  User,
} from "telegraf/types";
import type { FaultKind, FaultOptions } from "./faults.ts";

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
  /** Injected failures from the start; change them with `setFaults`. */
  faults?: FaultOptions;
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
  /** Parameters as the bot sent them; uploaded files are Buffers, chat ids numbers even if sent as "123". */
  params: Record<string, unknown>;
  /** Date.now() when the call was processed (getUpdates: when the poll started). */
  at: number;
  /** Date.now() when the call arrived: `at` before the injected latency. */
  receivedAt: number;
  /** What the server answered (absent for getUpdates, recorded before it answers). */
  result?: unknown;
  error?: ApiErrorBody;
  /** Set when an injected fault (not the call itself) made it fail. */
  fault?: FaultKind;
}

/** One message send or edit as Telegram's rate limits see it. */
export interface SendTime {
  chatId: number | string | undefined;
  /** Date.now() when the server processed the call. */
  at: number;
  /** Date.now() when it arrived (before injected latency): what the rate checks measure. */
  receivedAt: number;
  method: string;
  /** false when the server refused it (see the ApiCall's error); a dropped answer is ok: it arrived. */
  ok: boolean;
  fault?: FaultKind;
}

/** Which sends the rate checks count; by default every message call the server received. */
export interface SendFilter {
  /** Default MESSAGE_METHODS. */
  methods?: readonly string[];
  /** Only calls the server accepted (no error; dropped answers count: the message arrived). */
  okOnly?: boolean;
  /** Only calls received at or after this Date.now() time. */
  since?: number;
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

// ───────────── internal: shared by the modules, not exported from index.ts ─────────────

export type Params = Record<string, unknown>;

export interface UploadedFile {
  bytes: Buffer;
  fileName: string;
  mimeType: string;
}
export type Uploads = Map<string, UploadedFile>;

export interface StoredFile extends UploadedFile {
  fileId: string;
  uniqueId: string;
  filePath: string;
}

export interface StoredMessage {
  message: ChatMessage;
  fromBot: boolean;
  markup?: ReplyMarkup;
  photo?: StoredFile;
  document?: StoredFile;
}

export interface ChatState {
  chat: Exclude<Chat, Chat.ChannelChat>;
  user: User;
  nextMessageId: number;
  messages: Map<number, StoredMessage>;
  replyKeyboard?: ReplyKeyboardMarkup;
}
