// GET /healthz: the deployment's health as JSON; 200 when ok, 503 when not (the database
// does not answer, due deliveries have no sender, or the oldest has waited too long).

import { senderLeaseName } from "../app/delivery/sending.ts";
import type { AppDeps } from "../app/deps.ts";
import { checkHealth, type HealthOptions } from "../app/health/check-health.ts";
import type { WorkerConfig } from "../config.ts";
import { botIdOf } from "../worker/worker.ts";
import type { Route } from "./server.ts";

export function healthOptionsFrom(config: WorkerConfig): HealthOptions {
  return {
    senderLease: senderLeaseName(botIdOf(config.TELEGRAM_BOT_TOKEN)),
    maxQueueAgeMs: config.HEALTH_QUEUE_MAX_AGE_MS,
    databaseTimeoutMs: config.HEALTH_DB_TIMEOUT_MS,
  };
}

export function healthRoute(deps: AppDeps, options: HealthOptions): Route {
  return async (_req, res) => {
    const report = await checkHealth(deps, options);
    res
      .writeHead(report.status === "ok" ? 200 : 503, {
        "content-type": "application/json; charset=utf-8",
        "cache-control": "no-store",
      })
      .end(`${JSON.stringify(report)}\n`);
  };
}
