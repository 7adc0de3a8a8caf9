// The update queue and getUpdates long polling, with Telegram's confirm-by-offset rules.
import type { ServerResponse } from "node:http";
import type { Update } from "telegraf/types";
import { describeUpdate } from "./describe.ts";
import { sendJson } from "./http.ts";
import { optInt, optNumber } from "./params.ts";
import { BotApiError, type Params } from "./types.ts";
import { type BalancerOptions, WebhookPusher } from "./webhook.ts";

interface PendingPoll {
  res: ServerResponse;
  limit: number;
  timer: NodeJS.Timeout;
}

export class UpdateQueue {
  /** Set by setWebhook; getUpdates is refused while it is. */
  webhookUrl = "";
  /** setWebhook's secret_token: sent with every webhook POST. */
  webhookSecret = "";
  /** Set by balance(): with a webhook, updates are POSTed to these instances instead of polled. */
  pusher: WebhookPusher | undefined;
  /** While stopping, a poll is answered at once instead of waiting. */
  stopping = false;

  private queue: Update[] = [];
  private poll: PendingPoll | undefined;
  private nextUpdateId = 1;

  constructor(private readonly log: (line: string) => void) {}

  nextId(): number {
    return this.nextUpdateId++;
  }

  deliver<U extends Update>(update: U): U {
    this.queue.push(update);
    this.log(`[local-api] update #${update.update_id} ${describeUpdate(update)}`);
    this.flushPoll();
    if (this.webhookUrl) this.pusher?.push(update);
    return update;
  }

  /** setWebhook: from now on updates are pushed (to the balancer's instances, once set). */
  setWebhook(url: string, secret: string): void {
    this.webhookUrl = url;
    this.webhookSecret = secret;
    this.pushPending();
  }

  deleteWebhook(): void {
    this.webhookUrl = "";
    this.webhookSecret = "";
  }

  /** Acts as Telegram and a load balancer in front of these instances (see webhook.ts). */
  balance(options: BalancerOptions): WebhookPusher {
    this.pusher?.stop();
    const endpoint = () => (this.webhookUrl ? { url: this.webhookUrl, secret: this.webhookSecret } : null);
    // an answered (or given-up) update leaves the queue, as Telegram forgets it
    const done = (update: Update) => {
      this.queue = this.queue.filter((u) => u !== update);
    };
    this.pusher = new WebhookPusher(options, endpoint, done, this.log);
    this.pushPending();
    return this.pusher;
  }

  private pushPending(): void {
    if (!this.webhookUrl || !this.pusher) return;
    for (const update of this.queue) this.pusher.push(update);
  }

  /** Updates queued and not yet confirmed by a getUpdates offset. */
  pending(): readonly Update[] {
    return this.queue;
  }

  /** drop_pending_updates of setWebhook/deleteWebhook. */
  drop(): void {
    this.queue = [];
  }

  /**
   * Answers a getUpdates now or when an update arrives or the timeout passes; `accepted`
   * runs once the call is valid, before any answer (the call is recorded then).
   */
  getUpdates(params: Params, res: ServerResponse, accepted: () => void): void {
    if (this.webhookUrl) {
      throw new BotApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
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

    accepted();
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

  releasePoll(result: Update[]): void {
    const poll = this.poll;
    if (!poll) return;
    this.poll = undefined;
    clearTimeout(poll.timer);
    // Delivered updates stay queued until confirmed, so a poll lost in flight loses nothing.
    sendJson(poll.res, 200, { ok: true, result });
  }

  /** Why a bot might not be answering, for waitFor's timeout report. */
  diagnose(): string[] {
    const lines: string[] = [];
    if (this.webhookUrl) {
      const sending = this.pusher?.inProgress() ?? [];
      lines.push(
        this.pusher
          ? `Webhook mode: ${sending.length} update(s) posted and not yet answered with a 2xx (${sending.join(", ")}).`
          : "A webhook is set but no balance() targets: updates wait in the queue.",
      );
    } else if (!this.poll) {
      lines.push(
        "No getUpdates poll is pending: is the bot launched, or did a handler throw without bot.catch() and stop polling?",
      );
    }
    if (this.queue.length > 0) lines.push(`${this.queue.length} update(s) not yet confirmed by the bot.`);
    return lines;
  }

  private flushPoll(): void {
    if (this.poll && this.queue.length > 0) this.releasePoll(this.queue.slice(0, this.poll.limit));
  }
}
