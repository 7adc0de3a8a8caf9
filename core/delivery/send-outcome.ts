// What a failed Bot API send means for the delivery: wait, give up on the person, try
// again later, or give up on the message. Decided from Telegram's code and description.

/** Why a person cannot be reached until they write to the bot again. */
export const UNREACHABLE_REASONS = ["blocked", "notStarted", "deactivated", "chatNotFound"] as const;
export type UnreachableReason = (typeof UNREACHABLE_REASONS)[number];

export type SendFailure =
  /** Telegram's flood control: every send waits, the attempt does not count */
  | { kind: "rateLimited"; retryAfterSec: number }
  | { kind: "unreachable"; reason: UnreachableReason; text: string }
  /**
   * may pass later: the network, Telegram's 5xx, no answer. `mayHaveArrived` when the
   * request could have been processed (no answer, a connection lost after sending)
   */
  | { kind: "transient"; reason: "network" | "server" | "timeout"; text: string; mayHaveArrived: boolean }
  /** Telegram refuses this message itself (too long, bad markup): retrying will not help */
  | { kind: "rejected"; text: string };

export interface SendError {
  /** HTTP-like code from the Bot API; undefined when no answer came */
  code?: number;
  description?: string;
  retryAfterSec?: number;
  /** no answer within the timeout: the request may have been processed */
  timedOut?: boolean;
  /** the connection was never made (refused, no such host): nothing was sent */
  notConnected?: boolean;
}

export function classifySendError(e: SendError): SendFailure {
  const text = e.description ?? "";
  if (e.code === undefined)
    return { kind: "transient", reason: e.timedOut ? "timeout" : "network", text, mayHaveArrived: !e.notConnected };
  if (e.code === 429) return { kind: "rateLimited", retryAfterSec: Math.max(0, e.retryAfterSec ?? 1) };
  // a 5xx is Telegram's answer that it did not take the message
  if (e.code >= 500) return { kind: "transient", reason: "server", text, mayHaveArrived: false };
  const d = text.toLowerCase();
  if (e.code === 403) {
    if (d.includes("can't initiate") || d.includes("cannot initiate")) return { kind: "unreachable", reason: "notStarted", text };
    if (d.includes("deactivated")) return { kind: "unreachable", reason: "deactivated", text };
    return { kind: "unreachable", reason: "blocked", text };
  }
  if (e.code === 400 && (d.includes("chat not found") || d.includes("peer_id_invalid") || d.includes("user not found")))
    return { kind: "unreachable", reason: "chatNotFound", text };
  return { kind: "rejected", text };
}

export interface RetryPolicy {
  /** attempts before a transient failure becomes final */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 2_000, maxDelayMs: 5 * 60_000 };

/**
 * When to try again after the `attempts`-th failed attempt (exponential, with `jitter` in
 * 0..1 spreading a quarter of the delay), or null when the attempts are used up.
 */
export function nextRetryAt(attempts: number, now: Date, policy: RetryPolicy = DEFAULT_RETRY, jitter = 0.5): Date | null {
  if (attempts >= policy.maxAttempts) return null;
  const delay = Math.min(policy.baseDelayMs * 2 ** Math.max(0, attempts - 1), policy.maxDelayMs);
  return new Date(now.getTime() + Math.round(delay * (0.75 + 0.25 * jitter)));
}
