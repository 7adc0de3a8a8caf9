// Bot instances for the load script: each `sapat bot` in a process of its own, as
// production runs them, in webhook mode (or polling, for the single-instance anchor), all on
// one database and one local Bot API. Updates reach webhook instances through `Delivery`:
// here the script posts each update to the instances in turn, as Telegram (or a load
// balancer in front of the instances) would.
import { type ChildProcess, spawn } from "node:child_process";
import { connect, createServer } from "node:net";
import path from "node:path";
import type { Update } from "telegraf/types";
import type { LocalBotApi } from "../../bot/local-api/index.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
export const WEBHOOK_SECRET = "load-secret-0123456789";
const HOOK_PATH = "/telegram";

export interface Instances {
  /** loopback ports of webhook instances; empty for polling */
  ports: number[];
  pids: number[];
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
      .once("error", reject)
      .listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
  });
}

/** Resolves once something listens on the port (the webhook server is up), or rejects at the deadline. */
async function listening(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1")
        .once("connect", () => {
          socket.destroy();
          resolve(true);
        })
        .once("error", () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no instance listening on port ${port}`);
}

/**
 * Starts `count` instances on the database: webhook mode on ports of their own, or one
 * polling instance. Resolves once each has registered with the local Bot API and listens.
 */
export async function startInstances(
  api: LocalBotApi,
  apiRoot: string,
  databaseUrl: string,
  count: number,
  mode: "webhook" | "polling",
): Promise<Instances> {
  const children: ChildProcess[] = [];
  const ports: number[] = [];
  const deadline = Date.now() + 120_000;
  api.mark();
  for (let i = 0; i < count; i++) {
    const port = mode === "webhook" ? await freePort() : 0;
    const env = {
      ...process.env,
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: apiRoot,
      LOG_LEVEL: "warn",
      // the answers are measured, not the delivery worker
      SAPAT_WORKER: "off",
      BOT_MODE: mode,
      ...(mode === "webhook"
        ? { WEBHOOK_URL: `https://sapat-load.example${HOOK_PATH}`, WEBHOOK_SECRET, PORT: String(port) }
        : {}),
    };
    const child = spawn(process.execPath, ["scripts/sapat.mjs", "--db", databaseUrl, "bot"], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "ignore", "inherit"],
    });
    children.push(child);
    if (mode === "webhook") ports.push(port);
  }
  const started = mode === "webhook" ? "setWebhook" : "getUpdates";
  for (let n = 1; n <= count; n++)
    await api.waitFor(started, () => api.callsSinceMark(started).length >= n, Math.max(1, deadline - Date.now()));
  for (const port of ports) await listening(port, deadline);
  return {
    ports,
    pids: children.map((c) => c.pid ?? 0),
    async stop() {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null) return resolve();
              c.once("exit", () => resolve());
              c.kill("SIGTERM");
            }),
        ),
      );
    },
  };
}

/** How an update reaches the instances; resolves with the HTTP status (200 for polling, which has none). */
export type Delivery = (update: Update) => Promise<number>;

/** Each update posted to the next instance in turn, with the webhook's secret, as Telegram posts it. */
export function roundRobin(ports: readonly number[]): Delivery {
  let next = 0;
  return async (update) => {
    const port = ports[next++ % ports.length] as number;
    const res = await fetch(`http://127.0.0.1:${port}${HOOK_PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": WEBHOOK_SECRET },
      body: JSON.stringify(update),
      signal: AbortSignal.timeout(120_000),
    });
    await res.arrayBuffer();
    return res.status;
  };
}

/** Polling: the update is already queued on the local Bot API; the instance takes it with getUpdates. */
export const polled: Delivery = async () => 200;
