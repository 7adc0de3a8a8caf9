// The process's Prometheus metrics: one registry per process, made here at the entry point
// and handed down (like the logger), never prom-client's global one — a test may run
// several bots and workers in one process, each with its own. The bot counts updates and
// times answers, the sender counts sends; what the database holds (the outbox, imports) is
// read when /metrics is scraped (bot/web/metrics.ts).
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { StoreFigures } from "./app/health/store-figures.ts";

/**
 * What one send came to: sent; 429 (Telegram's flood control, sent again later); 403 (the
 * person blocked the bot, never started it, or is deactivated); chat_not_found (400);
 * retry (the network, a 5xx or no answer: goes again); failed (refused by Telegram, or the
 * retries used up).
 */
export const SEND_RESULTS = ["sent", "429", "403", "chat_not_found", "retry", "failed"] as const;
export type SendResult = (typeof SEND_RESULTS)[number];

export interface Metrics {
  readonly registry: Registry;
  /** an update's middleware chain ended, `seconds` after it came in */
  updateHandled(kind: string, seconds: number): void;
  sendResult(result: SendResult): void;
  /** the database's figures, just read for a scrape; null when it did not answer */
  setStoreFigures(figures: StoreFigures | null): void;
}

/** From a quick answer to a chart or a large export: a chat bot's answers. */
export const ANSWER_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface MetricsOptions {
  /** Node's own process metrics (CPU, memory, event loop, GC): for a real process, not a test's bot */
  processMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const updates = new Counter({
    name: "sapat_updates_total",
    help: "Telegram updates handled, by update type",
    labelNames: ["kind"] as const,
    registers,
  });
  const answers = new Histogram({
    name: "sapat_answer_seconds",
    help: "Time from an update's arrival to the end of its handling, seconds",
    labelNames: ["kind"] as const,
    buckets: ANSWER_BUCKETS,
    registers,
  });
  const sends = new Counter({
    name: "sapat_sends_total",
    help: "Messages the sender sent or tried to send, by result",
    labelNames: ["result"] as const,
    registers,
  });
  // every result shown from the start, 0 until it happens: rate() needs the series to exist
  for (const result of SEND_RESULTS) sends.inc({ result }, 0);
  const databaseUp = new Gauge({
    name: "sapat_database_up",
    help: "Whether the database answered the last scrape (1) or not (0: the outbox and import figures are the last read)",
    registers,
  });
  const depth = new Gauge({ name: "sapat_outbox_depth", help: "Deliveries queued, due or not", registers });
  const oldest = new Gauge({
    name: "sapat_outbox_oldest_seconds",
    help: "How long the oldest due delivery has waited, seconds (0: none due)",
    registers,
  });
  const imports = new Counter({
    name: "sapat_imports_total",
    help: "Files imported (CLI and bot), written or refused, by kind; read from the database",
    labelNames: ["kind", "result"] as const,
    registers,
  });
  return {
    registry,
    updateHandled(kind, seconds) {
      updates.inc({ kind });
      answers.observe({ kind }, seconds);
    },
    sendResult(result) {
      sends.inc({ result });
    },
    setStoreFigures(figures) {
      databaseUp.set(figures ? 1 : 0);
      if (!figures) return;
      depth.set(figures.outboxDepth);
      oldest.set(figures.outboxOldestSeconds);
      // the database holds the totals: the counter shows them as they are now
      imports.reset();
      for (const i of figures.imports) imports.inc({ kind: i.kind, result: i.result }, i.count);
    },
  };
}
