// Per-chat faults: recipients Telegram refuses whatever the bot does (blocked the bot, never
// started it, deleted their account, unknown). Listed chats, or a seeded share of all chats
// picked by a hash of (seed, chat id), so a chat's fate doesn't depend on call order or on
// which client asks, and a test can compute the expected unreachable set with `of()`.
import type { ApiErrorBody } from "./types.ts";

/** Why a chat is refused: the three 403s Telegram gives for users, and 400 chat not found. */
export type ChatFate = "blocked" | "notStarted" | "deactivated" | "chatNotFound";
export type ForbiddenReason = Exclude<ChatFate, "chatNotFound">;

export const BLOCKED: ApiErrorBody = { error_code: 403, description: "Forbidden: bot was blocked by the user" };
export const NOT_STARTED: ApiErrorBody = {
  error_code: 403,
  description: "Forbidden: bot can't initiate conversation with a user",
};
export const DEACTIVATED: ApiErrorBody = { error_code: 403, description: "Forbidden: user is deactivated" };
export const CHAT_NOT_FOUND: ApiErrorBody = { error_code: 400, description: "Bad Request: chat not found" };

export const FATE_ERRORS: Readonly<Record<ChatFate, ApiErrorBody>> = {
  blocked: BLOCKED,
  notStarted: NOT_STARTED,
  deactivated: DEACTIVATED,
  chatNotFound: CHAT_NOT_FOUND,
};

export interface FateOptions {
  seed?: number;
  /** Chats whose user blocked the bot: every call with such a chat_id is 403. */
  blockedChats?: readonly number[];
  /** Chats Telegram doesn't know: every call with such a chat_id is 400. */
  unknownChats?: readonly number[];
  /** Chats refused with one of Telegram's 403s, every call with such a chat_id. */
  forbiddenChats?: Readonly<Record<number, ForbiddenReason>>;
  /**
   * Shares (0..1, summing to at most 1) of all chats that always get that answer to message
   * sends and edits (MESSAGE_METHODS; other methods work). Which chats: a hash of the seed
   * and the chat id.
   */
  recipientShares?: Partial<Record<ChatFate, number>>;
}

// Fixed order, so a chat's hash maps to the same fate whatever order the options list them.
const SHARE_ORDER: readonly ChatFate[] = ["blocked", "notStarted", "deactivated", "chatNotFound"];

export class ChatFates {
  private readonly fixed = new Map<number, ChatFate>();
  /** Cumulative upper bounds of the shares, in SHARE_ORDER. */
  private readonly bounds: Array<[ChatFate, number]> = [];
  private readonly seed: number;

  constructor(options: FateOptions) {
    this.seed = options.seed ?? 1;
    // A chat in several lists: the first wins, blocked before forbidden before unknown.
    const listed: Array<[number, ChatFate]> = [
      ...(options.blockedChats ?? []).map((id): [number, ChatFate] => [id, "blocked"]),
      ...Object.entries(options.forbiddenChats ?? {}).map(([id, reason]): [number, ChatFate] => [Number(id), reason]),
      ...(options.unknownChats ?? []).map((id): [number, ChatFate] => [id, "chatNotFound"]),
    ];
    for (const [id, fate] of listed) if (!this.fixed.has(id)) this.fixed.set(id, fate);

    let total = 0;
    for (const fate of SHARE_ORDER) {
      const share = options.recipientShares?.[fate] ?? 0;
      if (!(share >= 0 && share <= 1)) throw new Error(`recipientShares.${fate} must be within 0..1, got ${share}`);
      if (share === 0) continue;
      total += share;
      this.bounds.push([fate, total]);
    }
    if (total > 1 + 1e-9) throw new Error(`recipientShares add up to ${total}, more than 1`);
  }

  /** A chat listed in the options: refused for every method. */
  listed(chatId: number): ChatFate | undefined {
    return this.fixed.get(chatId);
  }

  /** A chat picked by the shares: refused for message methods. */
  drawn(chatId: number): ChatFate | undefined {
    if (this.bounds.length === 0) return undefined;
    const u = chatHash(this.seed, chatId);
    return this.bounds.find(([, bound]) => u < bound)?.[0];
  }

  of(chatId: number): ChatFate | undefined {
    return this.listed(chatId) ?? this.drawn(chatId);
  }
}

/** A uniform [0, 1) value from (seed, chat id): murmur3's finaliser over both 32-bit halves. */
export function chatHash(seed: number, chatId: number): number {
  const lo = chatId >>> 0;
  const hi = Math.floor(chatId / 0x100000000) >>> 0; // two's complement high word, negatives too
  let h = fmix32((seed ^ 0x9e3779b9) >>> 0);
  h = fmix32((h ^ lo) >>> 0);
  h = fmix32((h ^ hi) >>> 0);
  return h / 0x100000000;
}

function fmix32(x: number): number {
  let h = x;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
