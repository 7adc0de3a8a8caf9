// parse_mode MarkdownV2 and legacy Markdown as Telegram parses them, including their error texts.
import type { MessageEntity } from "telegraf/types";
import { byteOffset, EntityParseError, entity, type Formatted, sortEntities } from "./entities.ts";

const MD_NAMES: Record<string, string> = {
  bold: "Bold",
  italic: "Italic",
  underline: "Underline",
  strikethrough: "Strikethrough",
  spoiler: "Spoiler",
  code: "Code",
  pre: "Pre",
  text_link: "TextUrl",
  custom_emoji: "CustomEmoji",
};

/** MarkdownV2 as Telegram (tdlib) parses it, including its "must be escaped" errors. */
export function parseMarkdownV2(src: string): Formatted {
  let out = "";
  const entities: MessageEntity[] = [];
  const open: Array<{ type: string; offset: number; byte: number; language?: string }> = [];
  let quoteStart: number | undefined;
  const reservedError = (i: number) =>
    new EntityParseError(`Character '${src[i] ?? ""}' is reserved and must be escaped with the preceding '\\'`);

  for (let i = 0; i < src.length; i++) {
    const top = open.at(-1);
    const inCode = top?.type === "code" || top?.type === "pre";
    // '>' at the start of a line (outside code) quotes that line.
    if (!inCode && (i === 0 || src[i - 1] === "\n")) {
      if (src[i] === ">") {
        quoteStart ??= out.length;
        continue;
      }
      if (quoteStart !== undefined) {
        const end = out.endsWith("\n") ? out.length - 1 : out.length;
        if (end > quoteStart) entities.push(entity("blockquote", quoteStart, end - quoteStart));
        quoteStart = undefined;
      }
    }
    const c = src[i] ?? "";
    const next = src[i + 1];
    if (c === "\\" && next !== undefined && next.charCodeAt(0) > 0 && next.charCodeAt(0) <= 126) {
      out += next;
      i++;
      continue;
    }
    const reserved = inCode ? "`" : "_*[]()~`>#+-=|{}.!";
    if (!reserved.includes(c)) {
      out += c;
      continue;
    }
    const endsTop =
      top !== undefined &&
      ((top.type === "bold" && c === "*") ||
        (top.type === "italic" && c === "_" && next !== "_") ||
        (top.type === "underline" && c === "_" && next === "_") ||
        (top.type === "strikethrough" && c === "~") ||
        (top.type === "spoiler" && c === "|" && next === "|") ||
        (top.type === "code" && c === "`") ||
        (top.type === "pre" && c === "`" && next === "`" && src[i + 2] === "`") ||
        ((top.type === "text_link" || top.type === "custom_emoji") && c === "]"));

    if (!endsTop) {
      const byte = byteOffset(src, i);
      let type: string;
      let language: string | undefined;
      if (c === "_" && next === "_") {
        type = "underline";
        i++;
      } else if (c === "_") type = "italic";
      else if (c === "*") type = "bold";
      else if (c === "~") type = "strikethrough";
      else if (c === "|" && next === "|") {
        type = "spoiler";
        i++;
      } else if (c === "[") type = "text_link";
      else if (c === "!" && next === "[") {
        type = "custom_emoji";
        i++;
      } else if (c === "`" && next === "`" && src[i + 2] === "`") {
        type = "pre";
        i += 3;
        let end = i;
        while (end < src.length && !/\s/.test(src[end] ?? "") && src[end] !== "`") end++;
        if (end !== i && end < src.length && src[end] !== "`") {
          language = src.slice(i, end);
          i = end;
        }
        // One line break right after ``` (or ```lang) is not part of the text.
        if (src[i] === "\n" || src[i] === "\r") {
          i += (src[i + 1] === "\n" || src[i + 1] === "\r") && src[i] !== src[i + 1] ? 2 : 1;
        }
        i--;
      } else if (c === "`") type = "code";
      else throw reservedError(i);
      open.push({ type, offset: out.length, byte, ...(language ? { language } : {}) });
      continue;
    }

    open.pop();
    const length = out.length - top.offset;
    if (top.type === "underline" || top.type === "spoiler") i++;
    if (top.type === "pre") i += 2;
    if (top.type === "text_link" || top.type === "custom_emoji") {
      let url = "";
      if (src[i + 1] !== "(") {
        url = out.slice(top.offset);
      } else {
        i += 2;
        const urlStart = i;
        while (i < src.length && src[i] !== ")") {
          const ch = src[i] ?? "";
          const after = src[i + 1];
          if (ch === "\\" && after !== undefined && after.charCodeAt(0) > 0 && after.charCodeAt(0) <= 126) {
            url += after;
            i += 2;
            continue;
          }
          url += ch;
          i++;
        }
        if (src[i] !== ")") throw new EntityParseError(`Can't find end of a URL at byte offset ${byteOffset(src, urlStart)}`);
      }
      if (length > 0 && url) {
        entities.push(
          top.type === "text_link"
            ? entity("text_link", top.offset, length, { url })
            : entity("custom_emoji", top.offset, length, { custom_emoji_id: /id=(\d+)/.exec(url)?.[1] ?? url }),
        );
      }
      continue;
    }
    if (length > 0) entities.push(entity(top.type, top.offset, length, top.language ? { language: top.language } : {}));
  }
  const unclosed = open.at(-1);
  if (unclosed) {
    throw new EntityParseError(
      `Can't find end of ${MD_NAMES[unclosed.type] ?? unclosed.type} entity at byte offset ${unclosed.byte}`,
    );
  }
  if (quoteStart !== undefined && out.length > quoteStart)
    entities.push(entity("blockquote", quoteStart, out.length - quoteStart));
  return { text: out, entities: sortEntities(entities) };
}

/** Legacy Markdown: *bold*, _italic_, `code`, ```pre```, [text](url); no nesting. */
export function parseMarkdown(src: string): Formatted {
  let out = "";
  const entities: MessageEntity[] = [];
  const specials = "_*`[";
  for (let i = 0; i < src.length; i++) {
    const c = src[i] ?? "";
    const next = src[i + 1];
    if (c === "\\" && next !== undefined && specials.includes(next)) {
      out += next;
      i++;
      continue;
    }
    if (!specials.includes(c)) {
      out += c;
      continue;
    }
    const begin = i;
    const endChar = c === "[" ? "]" : c;
    let isPre = false;
    let language: string | undefined;
    i++;
    if (c === "`" && src[i] === "`" && src[i + 1] === "`") {
      i += 2;
      isPre = true;
      let end = i;
      while (end < src.length && !/\s/.test(src[end] ?? "") && src[end] !== "`") end++;
      if (end !== i && end < src.length && src[end] !== "`") {
        language = src.slice(i, end);
        i = end;
      }
      if (src[i] === "\n" || src[i] === "\r") i += (src[i + 1] === "\n" || src[i + 1] === "\r") && src[i] !== src[i + 1] ? 2 : 1;
    }
    const offset = out.length;
    while (i < src.length && (src[i] !== endChar || (isPre && !(src[i + 1] === "`" && src[i + 2] === "`")))) {
      out += src[i];
      i++;
    }
    if (i >= src.length)
      throw new EntityParseError(`Can't find end of the entity starting at byte offset ${byteOffset(src, begin)}`);
    const length = out.length - offset;
    if (c === "[") {
      let url = out.slice(offset);
      if (src[i + 1] === "(") {
        i += 2;
        url = "";
        while (i < src.length && src[i] !== ")") url += src[i++];
      }
      if (length > 0 && url) entities.push(entity("text_link", offset, length, { url }));
    } else if (length > 0) {
      const type = c === "_" ? "italic" : c === "*" ? "bold" : isPre ? "pre" : "code";
      entities.push(entity(type, offset, length, language ? { language } : {}));
    }
    if (isPre) i += 2;
  }
  return { text: out, entities: sortEntities(entities) };
}
