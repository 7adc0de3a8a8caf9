// Fault injection: the server answers like Telegram under load or for users who left —
// 429 with retry_after, 403 blocked, 400 chat not found, slow answers — reproducibly,
// from a seeded PRNG, so a test sees the same refused calls on every run.
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

export interface FaultOptions {
  /** Seed of the PRNG that picks refused calls, retry_after and latency; default 1. */
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
  /** Chats whose user blocked the bot: every call with such a chat_id is 403. */
  blockedChats?: readonly number[];
  /** Chats Telegram doesn't know: every call with such a chat_id is 400. */
  unknownChats?: readonly number[];
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
 * ran out, as Telegram does); blocked; unknownChat; hang (never answered).
 */
export type FaultKind = "failNext" | "tooManyRequests" | "retryAfter" | "blocked" | "unknownChat" | "hang";

export interface InjectedFault {
  kind: FaultKind;
  error: ApiErrorBody;
}

/** What was drawn for one call when it arrived; drawing then keeps runs reproducible. */
export interface FaultDraw {
  latencyMs: number;
  roll: number;
  retryAfter: number;
}

export const BLOCKED: ApiErrorBody = { error_code: 403, description: "Forbidden: bot was blocked by the user" };
export const CHAT_NOT_FOUND: ApiErrorBody = { error_code: 400, description: "Bad Request: chat not found" };

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

export class Faults {
  private options: FaultOptions = {};
  private random = seededRandom(1);
  private throttled = new Set<string>();
  private readonly failures: Array<{ method: string; error: ApiErrorBody }> = [];
  /** Per chat: until when (ms) a 429 given to it holds. */
  private readonly holds = new Map<string, number>();

  constructor(options: FaultOptions = {}) {
    this.set(options);
  }

  /** Replaces the options (`{}` turns faults off), reseeds the PRNG and forgets given 429s. */
  set(options: FaultOptions): void {
    this.options = options;
    this.random = seededRandom(options.seed ?? 1);
    this.throttled = new Set((options.tooManyRequests?.methods ?? MESSAGE_METHODS).map((m) => m.toLowerCase()));
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

  /** Draws what this call may get; call it as the call arrives, in arrival order. */
  draw(method: string): FaultDraw {
    const { latencyMs, tooManyRequests: tmr } = this.options;
    const draw: FaultDraw = { latencyMs: 0, roll: 1, retryAfter: 0 };
    if (method === "getUpdates") return draw;
    if (latencyMs !== undefined) draw.latencyMs = this.pick(latencyMs);
    // Drawn for every throttled call, refused or not, so which calls fail depends only on their order.
    if (tmr && this.throttled.has(method.toLowerCase())) {
      draw.roll = this.random();
      draw.retryAfter = this.pick(tmr.retryAfter ?? 1);
    }
    return draw;
  }

  /** The fault this call gets, if any; `now` is when it is processed. */
  check(method: string, params: Params, draw: FaultDraw, now: number): InjectedFault | undefined {
    const key = method.toLowerCase();
    const failureIndex = this.failures.findIndex((f) => f.method === key);
    const [failure] = failureIndex >= 0 ? this.failures.splice(failureIndex, 1) : [];
    if (failure) return { kind: "failNext", error: failure.error };

    const chatId = params.chat_id;
    if (typeof chatId === "number") {
      if (this.options.blockedChats?.includes(chatId)) return { kind: "blocked", error: BLOCKED };
      if (this.options.unknownChats?.includes(chatId)) return { kind: "unknownChat", error: CHAT_NOT_FOUND };
    }

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
