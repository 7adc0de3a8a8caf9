// Telegram's side of a webhook, with a load balancer in front of several bot instances:
// every queued update is POSTed (JSON, with the secret token header setWebhook gave) to
// one instance, in turn or drawn with a seed. Like Telegram, one chat's updates go one at
// a time — the next only after the previous one was answered — while other chats' go side
// by side (up to max_connections); an update answered with no 2xx, or not at all, goes
// again after a pause, to whichever instance the balancer picks then. A drawn share of
// updates can be sent to two instances at once, as a balancer that retried, or Telegram
// retrying a slow answer, would.
import type { Update } from "telegraf/types";
import { seededRandom } from "./faults.ts";

export interface BalancerOptions {
  /** The instances' origins (`http://127.0.0.1:8081`); the webhook URL's path and query are kept. */
  targets: readonly string[];
  /** Which instance gets an update: in turn when absent, else drawn from this seed. */
  seed?: number;
  /** A share (0..1) of updates also sent, at the same moment, to a second instance. */
  duplicates?: number;
  /** Pause before an update that got no 2xx goes again, ms; default 200 (Telegram waits longer). */
  retryMs?: number;
  /** Tries before an update is given up, as Telegram does after "a reasonable amount"; default 10. */
  maxAttempts?: number;
  /** Updates in flight at once (setWebhook's max_connections); default 40. */
  maxConnections?: number;
  /** How long one POST may take before it counts as failed, ms; default 30 000. */
  timeoutMs?: number;
}

/** One POST of an update to an instance: its HTTP status, 0 when it got no answer. */
export interface WebhookPost {
  target: string;
  status: number;
}

/** What became of one update: every POST, and whether one was answered with a 2xx. */
export interface WebhookDelivery {
  updateId: number;
  posts: WebhookPost[];
  delivered: boolean;
}

interface Pending {
  result: Promise<WebhookDelivery>;
  resolve: (d: WebhookDelivery) => void;
}

const ok = (status: number) => status >= 200 && status < 300;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** The chat an update belongs to (its sender's for a press without a message): Telegram keeps one chat's updates in order. */
function chatOf(update: Update): string {
  type Part = { chat?: { id: number }; message?: { chat?: { id: number } }; from?: { id: number } };
  for (const [field, part] of Object.entries(update)) {
    if (field === "update_id" || typeof part !== "object" || part === null) continue;
    const p = part as Part;
    const id = p.chat?.id ?? p.message?.chat?.id ?? p.from?.id;
    if (id !== undefined) return String(id);
  }
  return "-";
}

export class WebhookPusher {
  /** Every update's delivery, in the order they were queued. */
  readonly deliveries: WebhookDelivery[] = [];
  private readonly options: Required<Omit<BalancerOptions, "seed">> & { seed?: number };
  private readonly draw: () => number;
  private turn = 0;
  private readonly chains = new Map<string, Promise<void>>();
  private readonly pending = new Map<number, Pending>();
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private stopped = false;

  constructor(
    options: BalancerOptions,
    private readonly endpoint: () => { url: string; secret: string } | null,
    private readonly done: (update: Update) => void,
    private readonly log: (line: string) => void,
  ) {
    if (options.targets.length === 0) throw new Error("a balancer needs at least one target");
    const share = options.duplicates ?? 0;
    if (share < 0 || share > 1) throw new Error(`duplicates must be a share in 0..1, got ${share}`);
    this.options = {
      duplicates: share,
      retryMs: 200,
      maxAttempts: 10,
      maxConnections: 40,
      timeoutMs: 30_000,
      ...options,
    };
    this.draw = seededRandom(options.seed ?? 1);
  }

  /** Sends the update in its chat's turn; resolves (see `delivery`) once it was answered or given up. */
  push(update: Update): void {
    if (this.pending.has(update.update_id)) return;
    let resolve: (d: WebhookDelivery) => void = () => {};
    const result = new Promise<WebhookDelivery>((r) => {
      resolve = r;
    });
    this.pending.set(update.update_id, { result, resolve });
    const chat = chatOf(update);
    const run = (this.chains.get(chat) ?? Promise.resolve()).then(() => this.deliver(update));
    this.chains.set(chat, run);
    void run.then(() => {
      if (this.chains.get(chat) === run) this.chains.delete(chat);
    });
  }

  /** The update's delivery: resolves once an instance answered it with a 2xx, or it was given up. */
  delivery(updateId: number): Promise<WebhookDelivery> {
    const pending = this.pending.get(updateId);
    if (pending) return pending.result;
    const known = this.deliveries.find((d) => d.updateId === updateId);
    return known ? Promise.resolve(known) : Promise.reject(new Error(`update ${updateId} was never pushed`));
  }

  /** Updates sent and not yet answered, for a waitFor's timeout report. */
  inProgress(): number[] {
    return [...this.pending.keys()];
  }

  stop(): void {
    this.stopped = true;
  }

  private async deliver(update: Update): Promise<void> {
    const delivery: WebhookDelivery = { updateId: update.update_id, posts: [], delivered: false };
    this.deliveries.push(delivery);
    await this.slot();
    try {
      for (let attempt = 1; attempt <= this.options.maxAttempts && !this.stopped; attempt++) {
        const endpoint = this.endpoint();
        if (!endpoint) break;
        const posts = await Promise.all(this.pick().map((target) => this.post(target, endpoint, update)));
        delivery.posts.push(...posts);
        if (posts.some((p) => ok(p.status))) {
          delivery.delivered = true;
          break;
        }
        await sleep(this.options.retryMs);
      }
    } finally {
      this.release();
    }
    if (!delivery.delivered) this.log(`[local-api] update #${update.update_id} given up after ${delivery.posts.length} post(s)`);
    this.done(update);
    this.pending.get(update.update_id)?.resolve(delivery);
    this.pending.delete(update.update_id);
  }

  /** The instance(s) this try goes to: one, or two for a drawn duplicate. */
  private pick(): string[] {
    const { targets, duplicates, seed } = this.options;
    const n = targets.length;
    const first = seed === undefined ? this.turn++ % n : Math.floor(this.draw() * n);
    const picked = [targets[first] as string];
    if (n > 1 && duplicates > 0 && this.draw() < duplicates) picked.push(targets[(first + 1) % n] as string);
    return picked;
  }

  private async post(target: string, endpoint: { url: string; secret: string }, update: Update): Promise<WebhookPost> {
    const hook = new URL(endpoint.url);
    const url = new URL(`${hook.pathname}${hook.search}`, target);
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(endpoint.secret ? { "x-telegram-bot-api-secret-token": endpoint.secret } : {}),
        },
        body: JSON.stringify(update),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      await res.arrayBuffer();
      return { target, status: res.status };
    } catch {
      return { target, status: 0 };
    }
  }

  private async slot(): Promise<void> {
    if (this.inFlight < this.options.maxConnections) {
      this.inFlight++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight--;
  }
}
