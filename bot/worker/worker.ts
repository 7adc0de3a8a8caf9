// The worker: the sender and the scheduler in one loop each. The bot starts one in its
// own process; `sapat worker` runs it alone. Any number may run: one sends (the lease),
// and each due job is claimed by exactly one.
import type { Logger } from "pino";
import { Telegram } from "telegraf";
import { DEFAULT_RATE } from "../../core/index.ts";
import { installApiRetry } from "../api-retry.ts";
import { schedulePlanning } from "../app/accreditation/accreditation-reminders.ts";
import { type JobRun, runDueJobs } from "../app/delivery/jobs.ts";
import type { AppDeps } from "../app/deps.ts";
import type { WorkerConfig } from "../config.ts";
import { loggableError } from "../logger.ts";
import { createMetrics, type Metrics } from "../metrics.ts";
import { Sender, type SenderOptions } from "./sender.ts";

export interface WorkerOptions {
  token: string;
  apiRoot: string;
  /** one Bot API call's limit, ms; a send with no answer by then counts as "may have arrived" */
  timeoutMs: number;
  sender?: Partial<SenderOptions>;
  /** how often due jobs are looked for, ms */
  schedulerEveryMs?: number;
}

export interface WorkerDeps extends AppDeps {
  logger: Logger;
  /** the process's metrics; default a registry of the worker's own */
  metrics?: Metrics;
}

/** The bot's id, the token's number: one sender per bot. */
export function botIdOf(token: string): string {
  return token.split(":")[0] ?? "bot";
}

export class Worker {
  readonly sender: Sender;
  private stopping = false;
  private scheduling: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** the last 100 job runs, for the console and tests */
  readonly jobRuns: JobRun[] = [];

  constructor(
    private readonly deps: WorkerDeps,
    private readonly options: WorkerOptions,
  ) {
    const telegram = new Telegram(options.token, { apiRoot: options.apiRoot });
    // no retries here: the sender decides what a 429 or a failure means; only the timeout
    installApiRetry(telegram, { maxAttempts: 1, timeoutMs: options.timeoutMs, logger: deps.logger });
    const metrics = deps.metrics ?? createMetrics();
    this.sender = new Sender({ ...deps, metrics, telegram, botId: botIdOf(options.token) }, options.sender);
  }

  start(): void {
    void this.sender.start();
    this.scheduling ??= this.schedule();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await Promise.all([this.sender.stop(), this.scheduling]);
  }

  private async schedule(): Promise<void> {
    const every = this.options.schedulerEveryMs ?? 5_000;
    // registries loaded by any path get their reminders: today's plan, which schedules tomorrow's
    await schedulePlanning(this.deps).catch((error) =>
      this.deps.logger.error(loggableError(error), "accreditation planning failed"),
    );
    while (!this.stopping) {
      try {
        const runs = await runDueJobs(this.deps, this.sender.owner);
        for (const run of runs) this.deps.logger.info({ ...run }, "job ran");
        this.jobRuns.push(...runs);
        this.jobRuns.splice(0, Math.max(0, this.jobRuns.length - 100));
      } catch (error) {
        this.deps.logger.error(loggableError(error), "scheduler pass failed");
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, every);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}

/** The worker's options from the validated environment (the bot's and `sapat worker`'s). */
export function workerOptionsFrom(config: WorkerConfig): WorkerOptions {
  return {
    token: config.TELEGRAM_BOT_TOKEN,
    apiRoot: config.TELEGRAM_API_ROOT,
    timeoutMs: config.TELEGRAM_TIMEOUT_MS,
    schedulerEveryMs: config.SAPAT_SCHEDULER_EVERY_MS,
    sender: {
      rate: { perSecond: config.SAPAT_SEND_RATE, marginMs: DEFAULT_RATE.marginMs },
      concurrency: config.SAPAT_SEND_CONCURRENCY,
      leaseMs: config.SAPAT_SENDER_LEASE_MS,
    },
  };
}
