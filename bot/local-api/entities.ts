// What the parse_mode parsers produce and share: plain text plus entities, or an error in
// Telegram's wording.
import type { MessageEntity } from "telegraf/types";

export interface Formatted {
  text: string;
  entities: MessageEntity[];
}

/** A parse failure; the message becomes "Bad Request: can't parse entities: <message>". */
export class EntityParseError extends Error {}

export function byteOffset(src: string, index: number): number {
  return Buffer.byteLength(src.slice(0, index));
}

export function entity(
  type: string,
  offset: number,
  length: number,
  extra: { url?: string; language?: string; custom_emoji_id?: string } = {},
): MessageEntity {
  if (type === "text_link") return { type, offset, length, url: extra.url ?? "" };
  if (type === "pre") return { type, offset, length, ...(extra.language ? { language: extra.language } : {}) };
  if (type === "custom_emoji") return { type, offset, length, custom_emoji_id: extra.custom_emoji_id ?? "" };
  return { type: type as MessageEntity.CommonMessageEntity["type"], offset, length };
}

export function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
}
