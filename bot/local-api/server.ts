// The HTTP side: routes /bot<token>/<method> and /file/bot<token>/<path>, runs the method
// and records the call with its answer.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Faults } from "./faults.ts";
import { parseRequest, sendJson } from "./http.ts";
import { type Handler, methodTable } from "./methods.ts";
import type { CallRecorder } from "./recorder.ts";
import type { ApiState } from "./state.ts";
import { type ApiCall, BotApiError, type Params, type Uploads } from "./types.ts";
import type { UpdateQueue } from "./updates.ts";

export interface ServerParts {
  token: string;
  log: (line: string) => void;
  state: ApiState;
  updates: UpdateQueue;
  recorder: CallRecorder;
  faults: Faults;
}

export class ApiServer {
  private readonly handlers: Map<string, { name: string; handler: Handler }>;
  private server: Server | undefined;

  constructor(private readonly parts: ServerParts) {
    const table = methodTable(parts.state, parts.updates);
    // Bot API method names are case-insensitive.
    this.handlers = new Map(Object.entries(table).map(([name, handler]) => [name.toLowerCase(), { name, handler }]));
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  async listen(port: number): Promise<{ apiRoot: string; port: number }> {
    const server = createServer((req, res) => {
      this.onRequest(req, res).catch((err: unknown) => {
        this.parts.log(`[local-api] internal error: ${String(err)}`);
        sendJson(res, 500, { ok: false, error_code: 500, description: "Internal Server Error" });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.server = server;
    const address = server.address() as AddressInfo;
    return { apiRoot: `http://127.0.0.1:${address.port}`, port: address.port };
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Telegraf's agent keeps connections alive; without this close() waits for them.
      server.closeAllConnections();
    });
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const fileRoute = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileRoute) return this.serveFile(res, decodeURIComponent(fileRoute[1] ?? ""), fileRoute[2] ?? "");

    const route = /^\/bot([^/]+)\/([A-Za-z0-9_]+)\/?$/.exec(url.pathname);
    if (!route) return sendJson(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    if (decodeURIComponent(route[1] ?? "") !== this.parts.token) {
      return sendJson(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    }
    const requested = route[2] ?? "";

    let params: Params;
    let uploads: Uploads;
    try {
      ({ params, uploads } = await parseRequest(req, url));
    } catch (err) {
      const error = err instanceof BotApiError ? err : new BotApiError(400, `Bad Request: ${String(err)}`);
      const now = Date.now();
      return this.answer(res, { method: requested, params: {}, at: now, receivedAt: now }, error);
    }
    const allParams: Params = { ...params };
    for (const [field, file] of uploads) allParams[field] = file.bytes;

    const entry = this.handlers.get(requested.toLowerCase());
    const now = Date.now();
    const call: ApiCall = { method: entry?.name ?? requested, params: allParams, at: now, receivedAt: now };
    if (!entry) return this.answer(res, call, new BotApiError(404, "Not Found"));

    if (this.parts.faults.hangs(entry.name)) {
      // recorded now, answered never: the connection stays open until the client gives up or close()
      call.fault = "hang";
      this.parts.recorder.record(call);
      return;
    }
    const draw = this.parts.faults.draw(entry.name);
    if (draw.latencyMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, draw.latencyMs));
      call.at = Date.now();
    }
    const fault = this.parts.faults.check(entry.name, params, draw, call.at);
    if (fault) {
      call.error = fault.error;
      call.fault = fault.kind;
      this.parts.recorder.record(call);
      return sendJson(res, fault.error.error_code, { ok: false, ...fault.error });
    }

    try {
      if (entry.name === "getUpdates") {
        this.parts.updates.getUpdates(params, res, () => this.parts.recorder.record(call));
        return;
      }
      const result = entry.handler(params, uploads);
      call.result = result;
      if (draw.dropAfterMs !== undefined) return this.drop(res, call, draw.dropAfterMs);
      this.parts.recorder.record(call);
      sendJson(res, 200, { ok: true, result });
    } catch (err) {
      if (!(err instanceof BotApiError)) throw err;
      this.answer(res, call, err);
    }
  }

  /**
   * Processed, never answered: the connection is destroyed (no error event, so nothing to
   * handle); after stop() it is already gone and destroy() does nothing. Unref'd so a long
   * delay doesn't hold the process.
   */
  private drop(res: ServerResponse, call: ApiCall, afterMs: number): void {
    call.fault = "dropped";
    this.parts.recorder.record(call);
    const destroy = () => res.destroy();
    if (afterMs <= 0) destroy();
    else setTimeout(destroy, afterMs).unref();
  }

  private answer(res: ServerResponse, call: ApiCall, error: BotApiError): void {
    call.error = { error_code: error.code, description: error.description };
    this.parts.recorder.record(call);
    sendJson(res, error.code, { ok: false, ...call.error });
  }

  private serveFile(res: ServerResponse, token: string, filePath: string): void {
    const file = token === this.parts.token ? this.parts.state.files.byPath(filePath) : undefined;
    if (!file) {
      sendJson(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      return;
    }
    res.writeHead(200, { "content-type": file.mimeType, "content-length": file.bytes.length });
    res.end(file.bytes);
  }
}
