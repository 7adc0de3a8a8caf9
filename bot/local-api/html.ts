// parse_mode HTML as Telegram parses it, including its error texts.
import type { MessageEntity } from "telegraf/types";
import { byteOffset, EntityParseError, entity, type Formatted, sortEntities } from "./entities.ts";

const HTML_TAGS: Record<string, string> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  "tg-spoiler": "spoiler",
  span: "spoiler",
  a: "text_link",
  code: "code",
  pre: "pre",
  blockquote: "blockquote",
  "tg-emoji": "custom_emoji",
};

export function parseHtml(src: string): Formatted {
  let out = "";
  const entities: MessageEntity[] = [];
  const open: Array<{ tag: string; offset: number; attrs: Map<string, string>; language?: string }> = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? "";
    if (c === "&") {
      // Telegram decodes numeric entities and &lt; &gt; &amp; &quot;; any other '&' stays literal.
      const m = /^&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(lt|gt|amp|quot));/i.exec(src.slice(i, i + 12));
      if (m) {
        const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };
        out += m[3]
          ? (named[m[3].toLowerCase()] ?? "")
          : String.fromCodePoint(Number.parseInt(m[1] ?? m[2] ?? "0", m[1] ? 10 : 16));
        i += m[0].length;
      } else {
        out += "&";
        i++;
      }
      continue;
    }
    if (c !== "<") {
      out += c;
      i++;
      continue;
    }
    const close = src.indexOf(">", i);
    if (close < 0) throw new EntityParseError(`Unclosed start tag at byte offset ${byteOffset(src, i)}`);
    const inner = src.slice(i + 1, close);
    if (inner.startsWith("/")) {
      const name = inner.slice(1).trim().toLowerCase();
      const top = open.pop();
      if (!top) throw new EntityParseError(`Unexpected end tag at byte offset ${byteOffset(src, i)}`);
      if (top.tag !== name) {
        throw new EntityParseError(
          `Unmatched end tag at byte offset ${byteOffset(src, i)}, expected "</${top.tag}>", found "</${name}>"`,
        );
      }
      const length = out.length - top.offset;
      const parent = open.at(-1);
      const codeLanguage = /^language-(.+)$/.exec(top.attrs.get("class") ?? "")?.[1];
      if (top.tag === "code" && parent?.tag === "pre" && codeLanguage) {
        parent.language = codeLanguage; // <pre><code class="language-x"> is one pre entity
      } else if (length > 0) {
        const type = HTML_TAGS[top.tag] ?? "bold";
        if (type === "text_link") {
          const href = top.attrs.get("href");
          if (href) entities.push(entity(type, top.offset, length, { url: href }));
        } else if (type === "custom_emoji") {
          entities.push(entity(type, top.offset, length, { custom_emoji_id: top.attrs.get("emoji-id") ?? "" }));
        } else {
          entities.push(entity(type, top.offset, length, top.language ? { language: top.language } : {}));
        }
      }
    } else {
      const name = (/^[A-Za-z][A-Za-z0-9-]*/.exec(inner)?.[0] ?? "").toLowerCase();
      if (!(name in HTML_TAGS))
        throw new EntityParseError(`Unsupported start tag "${name}" at byte offset ${byteOffset(src, i)}`);
      const attrs = new Map<string, string>();
      for (const a of inner.slice(name.length).matchAll(/([A-Za-z-]+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+)))?/g)) {
        attrs.set((a[1] ?? "").toLowerCase(), decodeHtmlAttr(a[2] ?? a[3] ?? a[4] ?? ""));
      }
      if (name === "span" && attrs.get("class") !== "tg-spoiler") {
        throw new EntityParseError(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(src, i)}`);
      }
      open.push({ tag: name, offset: out.length, attrs });
    }
    i = close + 1;
  }
  const unclosed = open.at(-1);
  if (unclosed) throw new EntityParseError(`Can't find end tag corresponding to start tag "${unclosed.tag}"`);
  return { text: out, entities: sortEntities(entities) };
}

function decodeHtmlAttr(value: string): string {
  return value.replace(/&(lt|gt|amp|quot);/g, (_m, n: string) => ({ lt: "<", gt: ">", amp: "&", quot: '"' })[n] ?? "");
}
