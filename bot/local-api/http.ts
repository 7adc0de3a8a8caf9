// The wire format: Bot API requests (query string, JSON, urlencoded or multipart with
// files) into parameters, and JSON answers.
import type { IncomingMessage, ServerResponse } from "node:http";
import { guessMime } from "./media.ts";
import { chatIdOf, isRecord } from "./params.ts";
import { BotApiError, type Params, type Uploads } from "./types.ts";

const MAX_BODY_BYTES = 50 * 1024 * 1024; // the Bot API's upload limit

// Read as numbers from every source (JSON too), so the state, the faults and the call log
// all see one chat id whether the client sent 123 or "123".
const CHAT_ID_FIELDS = ["chat_id", "from_chat_id"] as const;

// Form and query values are strings; these are turned back into what JSON would carry.
const JSON_FIELDS = new Set([
  "reply_markup",
  "entities",
  "caption_entities",
  "allowed_updates",
  "commands",
  "scope",
  "menu_button",
  "link_preview_options",
  "reply_parameters",
  "media",
  "results",
]);
const INT_FIELDS = new Set([
  "message_id",
  "offset",
  "limit",
  "timeout",
  "reply_to_message_id",
  "message_thread_id",
  "cache_time",
  "max_connections",
]);
const BOOL_FIELDS = new Set([
  "show_alert",
  "disable_notification",
  "disable_web_page_preview",
  "protect_content",
  "drop_pending_updates",
  "allow_sending_without_reply",
  "has_spoiler",
  "disable_content_type_detection",
]);

export async function parseRequest(req: IncomingMessage, url: URL): Promise<{ params: Params; uploads: Uploads }> {
  const parsed = await parseRaw(req, url);
  for (const field of CHAT_ID_FIELDS) {
    if (field in parsed.params) parsed.params[field] = chatIdOf(parsed.params[field]);
  }
  return parsed;
}

async function parseRaw(req: IncomingMessage, url: URL): Promise<{ params: Params; uploads: Uploads }> {
  const params: Params = {};
  const uploads: Uploads = new Map();
  for (const [key, value] of url.searchParams) params[key] = fromFormValue(key, value);

  const body = await readBody(req);
  if (body.length === 0) return { params, uploads };
  const type = (req.headers["content-type"] ?? "").toLowerCase();

  if (type.startsWith("application/json")) {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    if (!isRecord(parsed)) throw new BotApiError(400, "Bad Request: the request body must be a JSON object");
    Object.assign(params, parsed);
  } else if (type.startsWith("application/x-www-form-urlencoded")) {
    for (const [key, value] of new URLSearchParams(body.toString("utf8"))) params[key] = fromFormValue(key, value);
  } else if (type.startsWith("multipart/form-data")) {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
    }
    const form = await new Request(url, { method: "POST", headers, body }).formData();
    for (const [key, value] of form) {
      if (typeof value === "string") {
        params[key] = fromFormValue(key, value);
      } else {
        const fileName = value.name || `${key}.dat`;
        // Telegraf sends parts without a content-type (undici then reports text/plain);
        // Telegram, too, derives the MIME type from the file, so the name decides.
        const guessed = guessMime(fileName);
        uploads.set(key, {
          bytes: Buffer.from(await value.arrayBuffer()),
          fileName,
          mimeType: guessed === "application/octet-stream" && value.type ? value.type : guessed,
        });
      }
    }
  } else {
    throw new BotApiError(400, `Bad Request: unsupported content-type ${JSON.stringify(type)}`);
  }
  return { params, uploads };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new BotApiError(413, "Request Entity Too Large");
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

function fromFormValue(key: string, value: string): unknown {
  if (JSON_FIELDS.has(key)) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw new BotApiError(400, `Bad Request: can't parse ${key} JSON object`);
    }
  }
  if (INT_FIELDS.has(key) && /^-?\d+$/.test(value)) return Number(value);
  if (key === "timeout" && /^\d+(\.\d+)?$/.test(value)) return Number(value);
  if (BOOL_FIELDS.has(key) && (value === "true" || value === "false")) return value === "true";
  return value;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(payload) });
  res.end(payload);
}
