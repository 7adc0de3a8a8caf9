// Fault injection: the server answers like Telegram under load or for users who left —
// 429 with retry_after, 403s, 400 chat not found, 500s, answers lost after the send, slow
// answers — reproducibly, from seeded PRNGs, so a test sees the same refused calls on every run.
import { type ChatFate, ChatFates, chatHash, FATE_ERRORS, type FateOptions } from "./fates.ts";
import type { ApiErrorBody, Params } from "./types.ts";

/** Methods that send or change a message: Telegram's flood limits apply to these. */
export const MESSAGE_METHODS: readonly string[] = [
  "sendMessage",
  "sendPhoto",
  "sendDocument",
  "editMessageText",
  "editMessageCaption",
  "editMessageReplyMarkup",
];

/** A fixed value, or a [min, max] range drawn uniformly (whole numbers). */
export type Range = number | readonly [min: number, max: number];

/**
 * Per-chat faults (blockedChats, unknownChats, forbiddenChats, recipientShares) come from
 * FateOptions; a chat_id sent as a string of digits counts as that number everywhere.
 */
export interface FaultOptions extends FateOptions {
  /** Seed of the PRNGs that pick refused calls, retry_after, latency and shared chats; default 1. */
  seed?: number;
  /** A share of the calls of `methods` is answered 429 Too Many Requests. */
  tooManyRequests?: {
    /** 0..1 of the calls. */
    share: number;
    /** Seconds the answer asks the bot to wait; default 1. */
    retryAfter?: Range;
    /** Default MESSAGE_METHODS. */
    methods?: readonly string[];
  };
  /** A share (0..1) of the calls of `methods` (default MESSAGE_METHODS) is answered 500, not processed. */
  serverErrors?: { share: number; methods?: readonly string[] };
  /**
   * A share (0..1) of the calls of `methods` (default sendMessage) is processed (the message
   * is stored) but never answered: the connection is destroyed after `delayMs` (default 0),
   * so the client sees a network error or its own timeout though the message arrived.
   */
  dropAfterSend?: { share: number; methods?: readonly string[]; delayMs?: number };
  /** Delay before each call (except getUpdates) is processed, ms. */
  latencyMs?: Range;
  /**
   * Calls of these methods are recorded as they arrive and never answered (until the server
   * stops): a Bot API that accepted a request and hung.
   */
  hang?: readonly string[];
}

/**
 * Which injected fault refused a call: failNext; tooManyRequests (a drawn 429);
 * retryAfter (a 429 because the bot came back before the retry_after it was given
 * ran out, as Telegram does); blocked, notStarted, deactivated (403s); unknownChat (400
 * chat not found); serverError (500); dropped (processed, answer lost); hang (never answered).
 */
export type FaultKind =
  | "failNext"
  | "tooManyRequests"
  | "retryAfter"
  | "blocked"
  | "notStarted"
  | "deactivated"
  | "unknownChat"
  | "serverError"
  | "dropped"
  | "hang";

export interface InjectedFault {
  kind: FaultKind;
  error: ApiErrorBody;
}

/** What was drawn for one call when it arrived; drawing then keeps runs reproducible. */
export interface FaultDraw {
  latencyMs: number;
  roll: number;
  retryAfter: number;
  serverError: boolean;
  /** Set when the answer is to be dropped: after how many ms the connection is destroyed. */
  dropAfterMs?: number;
}

export { BLOCKED, CHAT_NOT_FOUND, DEACTIVATED, NOT_STARTED } from "./fates.ts";
export const INTERNAL_SERVER_ERROR: ApiErrorBody = { error_code: 500, description: "Internal Server Error" };

const FATE_KINDS: Readonly<Record<ChatFate, FaultKind>> = {
  blocked: "blocked",
  notStarted: "notStarted",
  deactivated: "deactivated",
  chatNotFound: "unknownChat",
};

export function tooManyRequests(retryAfter: number): ApiErrorBody {
  return {
    error_code: 429,
    description: `Too Many Requests: retry after ${retryAfter}`,
    parameters: { retry_after: retryAfter },
  };
}

/** mulberry32: a tiny seedable PRNG, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const lowered = (methods: readonly string[]) => new Set(methods.map((m) => m.toLowerCase()));

export class Faults {
  private options: FaultOptions = {};
  private random = seededRandom(1);
  // Own streams, so turning 500s or drops on doesn't change which calls get a 429.
  private errorRandom = seededRandom(1);
  private dropRandom = seededRandom(1);
  private throttled = new Set<string>();
  private erring = new Set<string>();
  private dropping = new Set<string>();
  private fates = new ChatFates({});
  private readonly messageMethods = lowered(MESSAGE_METHODS);
  private readonly failures: Array<{ method: string; error: ApiErrorBody }> = [];
  /** Per chat: until when (ms) a 429 given to it holds. */
  private readonly holds = new Map<string, number>();

  constructor(options: FaultOptions = {}) {
    this.set(options);
  }

  /** Replaces the options (`{}` turns faults off), reseeds the PRNGs and forgets given 429s. */
  set(options: FaultOptions): void {
    const seed = options.seed ?? 1;
    this.fates = new ChatFates(options); // first: throws on bad shares before anything changes
    this.options = options;
    this.random = seededRandom(seed);
    this.errorRandom = seededRandom(chatHash(seed, 500) * 0x100000000);
    this.dropRandom = seededRandom(chatHash(seed, 504) * 0x100000000);
    this.throttled = lowered(options.tooManyRequests?.methods ?? MESSAGE_METHODS);
    this.erring = lowered(options.serverErrors?.methods ?? MESSAGE_METHODS);
    this.dropping = lowered(options.dropAfterSend?.methods ?? ["sendMessage"]);
    this.holds.clear();
  }

  /** Whether calls of this method are left unanswered. */
  hangs(method: string): boolean {
    const key = method.toLowerCase();
    return this.options.hang?.some((m) => m.toLowerCase() === key) ?? false;
  }

  failNext(method: string, error: ApiErrorBody): void {
    this.failures.push({ method: method.toLowerCase(), error });
  }

  /** The per-chat fault of this chat, listed or drawn by the recipient shares. */
  fateOf(chatId: number): ChatFate | undefined {
    return this.fates.of(chatId);
  }

  /** Draws what this call may get; call it as the call arrives, in arrival order. */
  draw(method: string): FaultDraw {
    const { latencyMs, tooManyRequests: tmr, serverErrors, dropAfterSend } = this.options;
    const draw: FaultDraw = { latencyMs: 0, roll: 1, retryAfter: 0, serverError: false };
    if (method === "getUpdates") return draw;
    const key = method.toLowerCase();
    if (latencyMs !== undefined) draw.latencyMs = this.pick(latencyMs);
    // Drawn for every throttled call, refused or not, so which calls fail depends only on their order.
    if (tmr && this.throttled.has(key)) {
      draw.roll = this.random();
      draw.retryAfter = this.pick(tmr.retryAfter ?? 1);
    }
    if (serverErrors && this.erring.has(key)) draw.serverError = this.errorRandom() < serverErrors.share;
    if (dropAfterSend && this.dropping.has(key) && this.dropRandom() < dropAfterSend.share) {
      draw.dropAfterMs = dropAfterSend.delayMs ?? 0;
    }
    return draw;
  }

  /** The fault this call gets, if any; `now` is when it is processed. Drops are the server's. */
  check(method: string, params: Params, draw: FaultDraw, now: number): InjectedFault | undefined {
    const key = method.toLowerCase();
    const failureIndex = this.failures.findIndex((f) => f.method === key);
    const [failure] = failureIndex >= 0 ? this.failures.splice(failureIndex, 1) : [];
    if (failure) return { kind: "failNext", error: failure.error };

    const chatId = params.chat_id;
    if (typeof chatId === "number") {
      // Listed chats are refused whatever the method; shared ones only messages.
      const fate = this.fates.listed(chatId) ?? (this.messageMethods.has(key) ? this.fates.drawn(chatId) : undefined);
      if (fate) return { kind: FATE_KINDS[fate], error: FATE_ERRORS[fate] };
    }
    const throttled = this.throttle(key, chatId, draw, now);
    if (throttled) return throttled;
    if (draw.serverError) return { kind: "serverError", error: INTERNAL_SERVER_ERROR };
    return undefined;
  }

  private throttle(key: string, chatId: unknown, draw: FaultDraw, now: number): InjectedFault | undefined {
    const tmr = this.options.tooManyRequests;
    if (!tmr || !this.throttled.has(key)) return undefined;
    const chat = String(chatId ?? "");
    const until = this.holds.get(chat) ?? 0;
    if (now < until) return { kind: "retryAfter", error: tooManyRequests(Math.ceil((until - now) / 1000)) };
    if (draw.roll >= tmr.share) return undefined;
    this.holds.set(chat, now + draw.retryAfter * 1000);
    return { kind: "tooManyRequests", error: tooManyRequests(draw.retryAfter) };
  }

  private pick(range: Range): number {
    if (typeof range === "number") return range;
    const [min, max] = range;
    return min + Math.floor(this.random() * (max - min + 1));
  }
}
