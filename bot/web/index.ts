// The HTTP server of a bot or worker process, put together from its settings: /healthz and
// /metrics always, Telegram's webhook when the bot runs in webhook mode.
import type { WorkerConfig } from "../config.ts";
import { healthOptionsFrom, healthRoute } from "./health.ts";
import { type MetricsDeps, metricsRoute } from "./metrics.ts";
import { createWebServer, type Route, type WebServer } from "./server.ts";

export { ListenError, type WebServer } from "./server.ts";

export function webServerFor(deps: MetricsDeps, config: WorkerConfig, webhook?: { path: string; handle: Route }): WebServer {
  const health = healthOptionsFrom(config);
  return createWebServer(
    {
      ...(webhook ? { webhook } : {}),
      healthz: healthRoute(deps, health),
      metrics: metricsRoute(deps, health.databaseTimeoutMs),
    },
    deps.logger,
  );
}
