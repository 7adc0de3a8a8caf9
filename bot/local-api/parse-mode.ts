// parse_mode: a text and its formatting as Telegram applies them, or a 400 with Telegram's wording.
import type { MessageEntity } from "telegraf/types";
import { EntityParseError, type Formatted } from "./entities.ts";
import { parseHtml } from "./html.ts";
import { parseMarkdown, parseMarkdownV2 } from "./markdown.ts";
import { BotApiError } from "./types.ts";

/** Applies parse_mode like Telegram: plain text plus entities, or a 400 with Telegram's wording. */
export function formatText(
  source: string,
  parseMode: unknown,
  explicitEntities: unknown,
  maxLength: number,
  what: "text" | "caption",
): Formatted {
  let formatted: Formatted;
  if (Array.isArray(explicitEntities)) {
    formatted = { text: source, entities: explicitEntities as MessageEntity[] };
  } else if (parseMode === undefined || parseMode === null || parseMode === "") {
    formatted = { text: source, entities: [] };
  } else {
    const mode = String(parseMode).toLowerCase();
    try {
      if (mode === "html") formatted = parseHtml(source);
      else if (mode === "markdownv2") formatted = parseMarkdownV2(source);
      else if (mode === "markdown") formatted = parseMarkdown(source);
      else throw new BotApiError(400, "Bad Request: unsupported parse_mode");
    } catch (err) {
      if (err instanceof EntityParseError) throw new BotApiError(400, `Bad Request: can't parse entities: ${err.message}`);
      throw err;
    }
  }
  if (what === "text" && formatted.text.trim() === "") throw new BotApiError(400, "Bad Request: message text is empty");
  if (formatted.text.length > maxLength) {
    throw new BotApiError(400, what === "text" ? "Bad Request: message is too long" : "Bad Request: message caption is too long");
  }
  return formatted;
}
