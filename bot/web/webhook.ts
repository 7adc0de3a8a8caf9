// Telegram's webhook posts, looked at before telegraf gets them: an update is a JSON object
// with a whole update_id. A post with the secret but no update (a proxy's probe, a hand-made
// test) gets 400 rather than going down the chain and failing there with a stack in the log.
// Without the secret, telegraf answers as it does (403), so nothing is told to a stranger.
import type { IncomingMessage } from "node:http";
import { z } from "zod";
import type { Route } from "./server.ts";

const SECRET_HEADER = "x-telegram-bot-api-secret-token";
/** Far above any update Telegram sends (a message's text is at most 4 096 characters). */
const MAX_BYTES = 1024 * 1024;
const update = z.looseObject({ update_id: z.number().int().nonnegative() });

/** The body as text; null past `max` bytes. */
async function bodyOf(req: IncomingMessage, max: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function checkedWebhook(handle: Route, secret: string, max = MAX_BYTES): Route {
  return async (req, res) => {
    if (req.headers[SECRET_HEADER] !== secret) return handle(req, res);
    const body = await bodyOf(req, max);
    if (body === null) return void res.writeHead(413).end();
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return void res.writeHead(415).end();
    }
    if (!update.safeParse(parsed).success) return void res.writeHead(400).end();
    // telegraf takes a body already read (as behind express) instead of reading the stream
    Object.assign(req, { body: parsed });
    return handle(req, res);
  };
}
