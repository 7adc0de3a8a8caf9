// The process's one HTTP server: Telegram's webhook (webhook mode), /healthz and /metrics.
// Our own node:http server rather than telegraf's, so the probes share the webhook's port;
// telegraf's webhookCallback still reads the update and checks the secret token.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "pino";
import { loggableError } from "../logger.ts";

export type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface WebRoutes {
  /** POST `path` (exactly, as Telegram calls the webhook URL): the update, to telegraf */
  webhook?: { path: string; handle: Route };
  healthz: Route;
  metrics: Route;
}

/** A port that could not be listened on: the operator's PORT, HEALTH_PORT or HOST. */
export class ListenError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
    readonly reason: string,
  ) {
    super(`cannot listen on ${host}:${port}: ${reason}`);
    this.name = "ListenError";
  }
}

export interface WebServer {
  /** Resolves with the port listened on (port 0: the one the system chose). */
  listen(port: number, host: string): Promise<number>;
  /** Takes no new connections and ends idle ones; resolves once the open ones have ended. */
  close(): Promise<void>;
  /** Ends every connection now, answers in flight included. */
  closeAll(): void;
}

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers }).end(`${text}\n`);
}

export function createWebServer(routes: WebRoutes, logger: Logger): WebServer {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? "/").split("?")[0];
    const hook = routes.webhook;
    // telegraf reads the update and checks the secret token (403 when wrong or missing)
    if (hook && req.url === hook.path && req.method === "POST") return hook.handle(req, res);
    const route = path === "/healthz" ? routes.healthz : path === "/metrics" ? routes.metrics : undefined;
    if (!route) return plain(res, 404, "not found");
    if (req.method !== "GET" && req.method !== "HEAD") return plain(res, 405, "method not allowed", { allow: "GET, HEAD" });
    return route(req, res);
  };
  let closing = false;
  const server: Server = createServer((req, res) => {
    // once closing, a connection whose answer is out is let go at once, not after the keep-alive timeout
    res.once("finish", () => {
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
    handle(req, res).catch((error: unknown) => {
      logger.error({ ...loggableError(error), path: req.url?.split("?")[0] }, "web request failed");
      if (!res.headersSent) plain(res, 500, "internal error");
      else res.end();
    });
  });
  let closed: Promise<void> | null = null;
  return {
    listen(port, host) {
      // closed before it listened (a start-up given up on): it never will
      if (closing) return Promise.reject(new ListenError(host, port, "closed"));
      return new Promise<number>((resolve, reject) => {
        const refused = (error: NodeJS.ErrnoException) => reject(new ListenError(host, port, error.code ?? error.message));
        server.once("error", refused);
        server.listen(port, host, () => {
          server.off("error", refused);
          if (closing) server.close();
          // later errors (a client's) are logged, never thrown at the process
          server.on("error", (error) => logger.error(loggableError(error), "web server error"));
          const address = server.address();
          resolve(typeof address === "object" && address ? address.port : port);
        });
      });
    },
    close() {
      closing = true;
      closed ??= new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        // keep-alive connections between requests (Telegram keeps its open) would hold the close
        server.closeIdleConnections();
      });
      return closed;
    },
    closeAll() {
      server.closeAllConnections();
    },
  };
}
