// Bot instances for the load script: each `sapat bot` in a process of its own, as
// production runs them, in webhook mode on a loopback port, all on one database and one
// local Bot API, which then posts the updates to them in turn, as Telegram through a load
// balancer would (LocalBotApi.balance).
import { type ChildProcess, spawn } from "node:child_process";
import { connect, createServer } from "node:net";
import path from "node:path";
import type { LocalBotApi } from "../../bot/local-api/index.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const WEBHOOK_SECRET = "load-secret-0123456789";
const HOOK_PATH = "/telegram";

export interface Instances {
  /** the instances' origins, http://127.0.0.1:<port> */
  origins: string[];
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

/** Starts `count` instances on the database; resolves once each has set the webhook and listens. */
export async function startInstances(api: LocalBotApi, apiRoot: string, databaseUrl: string, count: number): Promise<Instances> {
  const children: ChildProcess[] = [];
  const ports: number[] = [];
  const deadline = Date.now() + 120_000;
  api.mark();
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    const env = {
      ...process.env,
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: apiRoot,
      LOG_LEVEL: "warn",
      // the answers are measured, not the delivery worker
      SAPAT_WORKER: "off",
      BOT_MODE: "webhook",
      WEBHOOK_URL: `https://sapat-load.example${HOOK_PATH}`,
      WEBHOOK_SECRET,
      HOST: "127.0.0.1",
      PORT: String(port),
    };
    const child = spawn(process.execPath, ["scripts/sapat.mjs", "--db", databaseUrl, "bot"], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "ignore", "inherit"],
    });
    children.push(child);
    ports.push(port);
  }
  for (let n = 1; n <= count; n++)
    await api.waitFor("setWebhook", () => api.callsSinceMark("setWebhook").length >= n, Math.max(1, deadline - Date.now()));
  for (const port of ports) await listening(port, deadline);
  return {
    origins: ports.map((p) => `http://127.0.0.1:${p}`),
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
