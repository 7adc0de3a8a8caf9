// GET /metrics: this process's metrics in Prometheus's text format, with the database's
// figures (the outbox, imports) read just before. A database that does not answer leaves
// them as last read and says so (sapat_database_up 0); the process's own still answer.
import type { Logger } from "pino";
import type { AppDeps } from "../app/deps.ts";
import { storeFigures } from "../app/health/store-figures.ts";
import { loggableError } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import type { Route } from "./server.ts";

export interface MetricsDeps extends AppDeps {
  logger: Logger;
  metrics: Metrics;
}

export function metricsRoute(deps: MetricsDeps, databaseTimeoutMs: number): Route {
  return async (_req, res) => {
    try {
      deps.metrics.setStoreFigures(await storeFigures(deps, databaseTimeoutMs));
    } catch (error) {
      deps.logger.warn(loggableError(error), "metrics: the database's figures not read");
      deps.metrics.setStoreFigures(null);
    }
    const body = await deps.metrics.registry.metrics();
    res.writeHead(200, { "content-type": deps.metrics.registry.contentType, "cache-control": "no-store" }).end(body);
  };
}
