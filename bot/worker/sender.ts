// The one sender: claims due deliveries under a lease, sends them within Telegram's limits
// and records every result. Only one runs per bot token (a lease row); another process
// waits and takes over when the holder dies. At-least-once: a delivery is marked
// 'sending' before its call, so after a crash only calls in flight may repeat.
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { type Telegram, TelegramError } from "telegraf";
import {
  classifySendError,
  DEFAULT_RATE,
  DEFAULT_RETRY,
  nextRetryAt,
  type RateLimits,
  type RetryPolicy,
  type SendError,
} from "../../core/index.ts";
import { ApiTimeoutError } from "../api-retry.ts";
import { decodeMessage, decodePersonal } from "../app/delivery/message.ts";
import {
  type ClaimedDelivery,
  claimDeliveries,
  holdLease,
  markFailed,
  markRetry,
  markSending,
  markSent,
  markUnreachable,
  recoverAbandoned,
  releaseLease,
  senderLeaseName,
} from "../app/delivery/sending.ts";
import type { AppDeps } from "../app/deps.ts";
import { loggableError } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import { isLanguage, translator } from "../present/i18n.ts";
import { Progress } from "./progress.ts";
import { type Rendered, renderMessage } from "./render.ts";
import { SendGate, within } from "./send-gate.ts";

export interface SenderOptions {
  rate: RateLimits;
  /** sends in flight at once; after a crash at most this many can arrive twice */
  concurrency: number;
  /** how long the sender's lease lasts unrenewed: a dead sender's successor waits this long, ms */
  leaseMs: number;
  /** edit a progress message at most this often, ms */
  progressEveryMs: number;
  retry: RetryPolicy;
  /** pause between looks at an empty queue, ms */
  idleMs: number;
  /** added to a 429's retry_after, ms */
  retryMarginMs: number;
}

export const DEFAULT_SENDER: SenderOptions = {
  rate: DEFAULT_RATE,
  concurrency: 8,
  leaseMs: 15_000,
  progressEveryMs: 3_000,
  retry: DEFAULT_RETRY,
  idleMs: 500,
  retryMarginMs: 250,
};

export interface SenderDeps extends AppDeps {
  logger: Logger;
  /** every send's result is counted here (sapat_sends_total) */
  metrics: Metrics;
  telegram: Telegram;
  /** the bot's id (the token's number): one sender per token */
  botId: string;
}

export interface SenderStats {
  sent: number;
  unreachable: number;
  failed: number;
  retried: number;
  rateLimited: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Errors raised before a request left: it cannot have arrived. */
const NOT_CONNECTED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** The system error code of a failed fetch (node-fetch puts it on the error or its cause). */
function errorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; errno?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.code ?? e?.errno ?? e?.cause?.code;
  return typeof code === "string" ? code : undefined;
}

function sendErrorOf(error: unknown): SendError {
  if (error instanceof TelegramError)
    return { code: error.code, description: error.description, retryAfterSec: error.parameters?.retry_after };
  if (error instanceof ApiTimeoutError) return { timedOut: true, description: error.message };
  return {
    description: error instanceof Error ? error.message : String(error),
    notConnected: NOT_CONNECTED.has(errorCode(error) ?? ""),
  };
}

export class Sender {
  readonly owner = `${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly stats: SenderStats = { sent: 0, unreachable: 0, failed: 0, retried: 0, rateLimited: 0 };
  private readonly options: SenderOptions;
  private readonly gate: SendGate;
  private readonly progress: Progress;
  private stopping = false;
  private holding = false;
  private buffer: ClaimedDelivery[] = [];
  private refill: Promise<void> | null = null;
  private running: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly deps: SenderDeps,
    options: Partial<SenderOptions> = {},
  ) {
    this.options = { ...DEFAULT_SENDER, ...options };
    this.gate = new SendGate(this.options.rate);
    this.progress = new Progress(deps, this.gate, this.options.progressEveryMs, () => this.stopping);
  }

  private get leaseName(): string {
    return senderLeaseName(this.deps.botId);
  }

  /** Starts the loop; resolves once stop() has been called and sends in flight ended. */
  start(): Promise<void> {
    this.running ??= this.loop();
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
  }

  /** "held", "taken" (another sender holds it) or "failed" (the database did not answer: logged here). */
  private async hold(): Promise<"held" | "taken" | "failed"> {
    try {
      this.holding = await holdLease(this.deps.db, this.leaseName, this.owner, new Date(), this.options.leaseMs);
      return this.holding ? "held" : "taken";
    } catch (error) {
      this.deps.logger.warn(loggableError(error), "sender lease not renewed");
      this.holding = false;
      return "failed";
    }
  }

  private async pause(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = null;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      if ((await this.hold()) !== "held") {
        await this.pause(Math.max(200, Math.floor(this.options.leaseMs / 3)));
        continue;
      }
      const recovered = await recoverAbandoned(this.deps.db, this.owner);
      if (recovered.requeued || recovered.released)
        this.deps.logger.warn({ ...recovered }, "took over from a sender that stopped: its sends in flight go again");
      this.deps.logger.info({ owner: this.owner }, "sender started");
      const renew = this.renewing();
      const slots = Array.from({ length: this.options.concurrency }, () => this.slot());
      await Promise.all([...slots, renew, this.progress.run(() => this.holding)]);
      this.buffer = [];
    }
    if (this.holding) await releaseLease(this.deps.db, this.leaseName, this.owner).catch(() => {});
    this.holding = false;
  }

  /** Renews the lease a third of its life; losing it stops this sender's slots. */
  private async renewing(): Promise<void> {
    while (!this.stopping && this.holding) {
      await this.pause(Math.floor(this.options.leaseMs / 3));
      if (this.stopping) return;
      if ((await this.hold()) === "taken")
        this.deps.logger.warn({ owner: this.owner }, "sender lease lost: another sender took over");
    }
  }

  private async next(): Promise<ClaimedDelivery | undefined> {
    if (this.buffer.length === 0) {
      this.refill ??= claimDeliveries(
        this.deps.db,
        this.owner,
        this.deps.now(),
        Math.max(this.options.leaseMs, 60_000),
        this.options.concurrency * 4,
      )
        .then((rows) => {
          this.buffer.push(...rows);
        })
        .finally(() => {
          this.refill = null;
        });
      await this.refill;
    }
    return this.buffer.shift();
  }

  private async slot(): Promise<void> {
    while (!this.stopping && this.holding) {
      let delivery: ClaimedDelivery | undefined;
      try {
        delivery = await this.next();
        if (!delivery) {
          await sleep(this.options.idleMs);
          continue;
        }
        await this.deliver(delivery);
      } catch (error) {
        // the database was busy or gone for a moment: the delivery stays leased and comes back
        this.deps.logger.error({ ...loggableError(error), delivery: delivery?.id }, "delivery not recorded");
        await sleep(this.options.idleMs);
      }
    }
  }

  private async render(d: ClaimedDelivery): Promise<Rendered | null> {
    const message = decodeMessage(d.campaign.message);
    if (!message) return null;
    const language = isLanguage(d.user.language) ? d.user.language : "ky";
    return renderMessage(message, await translator(language), decodePersonal(d.params), language);
  }

  private async deliver(d: ClaimedDelivery): Promise<void> {
    const { db } = this.deps;
    const rendered = await this.render(d);
    if (rendered === null) {
      await markFailed(db, d.id, "rejected", "the stored message could not be read");
      this.deps.metrics.sendResult("failed");
      return;
    }
    // marked before waiting for the gate, so nothing slow sits between the slot and the
    // request: the server sees sends spaced as the window spaced them
    if (!(await markSending(db, d.id, this.owner))) return;
    const done = await this.gate.acquire(d.chatId, () => this.stopping || !this.holding);
    if (!done) {
      await markRetry(db, d.id, { at: this.deps.now(), countAttempt: false });
      return;
    }
    try {
      const sent = await within(done, () =>
        this.deps.telegram.sendMessage(d.chatId, rendered.text, {
          link_preview_options: { is_disabled: true },
          ...(rendered.reply_markup ? { reply_markup: rendered.reply_markup } : {}),
        }),
      );
      this.deps.metrics.sendResult("sent");
      await markSent(db, d.id, sent.message_id, this.deps.now());
      this.stats.sent++;
    } catch (error) {
      await this.record(d, error);
    }
  }

  private async record(d: ClaimedDelivery, error: unknown): Promise<void> {
    const { db } = this.deps;
    const failure = classifySendError(sendErrorOf(error));
    const now = this.deps.now();
    switch (failure.kind) {
      case "rateLimited":
        // Telegram's flood control holds the whole bot: everything waits, the attempt is free
        this.stats.rateLimited++;
        this.deps.metrics.sendResult("429");
        this.gate.pauseFor(failure.retryAfterSec * 1000 + this.options.retryMarginMs);
        await markRetry(db, d.id, { at: now, countAttempt: false });
        return;
      case "unreachable":
        this.stats.unreachable++;
        this.deps.metrics.sendResult(failure.reason === "chatNotFound" ? "chat_not_found" : "403");
        await markUnreachable(db, d, failure.reason, failure.text, now);
        return;
      case "rejected":
        this.stats.failed++;
        this.deps.metrics.sendResult("failed");
        await markFailed(db, d.id, "rejected", failure.text);
        return;
      case "transient": {
        const at = nextRetryAt(d.attempts + 1, now, this.options.retry, Math.random());
        this.deps.logger.warn({ delivery: d.id, reason: failure.reason, retryAt: at?.toISOString() }, "send failed");
        this.deps.metrics.sendResult(at === null ? "failed" : "retry");
        if (at === null) {
          this.stats.failed++;
          await markFailed(db, d.id, failure.reason, failure.text);
        } else {
          this.stats.retried++;
          // no answer is not no message: it may have arrived, and goes again (at-least-once)
          await markRetry(db, d.id, {
            at,
            countAttempt: true,
            errorKind: failure.reason,
            errorText: failure.text,
            mayHaveArrived: failure.mayHaveArrived,
          });
        }
      }
    }
  }
}
