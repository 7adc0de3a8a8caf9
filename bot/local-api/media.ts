// Photos, documents and files: stored bytes with Telegram-like ids, what messages show of
// them, and the few file formats the server recognises.
import { randomBytes } from "node:crypto";
import type { Document, MessageEntity } from "telegraf/types";
import { optString } from "./params.ts";
import { formatText } from "./parse-mode.ts";
import {
  BotApiError,
  type LocalMessage,
  type Params,
  type StoredFile,
  type StoredMessage,
  type UploadedFile,
  type Uploads,
} from "./types.ts";

const MAX_CAPTION = 1024;

export type FileKind = "photos" | "documents";

/** Every file the bot uploaded or a user sent, by file_id. */
export class FileStore {
  private readonly files = new Map<string, StoredFile>();
  private nextFileNo = 1;

  store(kind: FileKind, file: UploadedFile): StoredFile {
    const no = this.nextFileNo++;
    const ext = /\.([A-Za-z0-9]{1,8})$/.exec(file.fileName)?.[1] ?? (kind === "photos" ? "jpg" : "dat");
    const stored: StoredFile = {
      ...file,
      fileId: `${kind === "photos" ? "AgAC" : "BQAC"}Local${no}_${randomBytes(6).toString("hex")}`,
      uniqueId: `AQAD${no}`,
      filePath: `${kind}/file_${no}.${ext}`,
    };
    this.files.set(stored.fileId, stored);
    return stored;
  }

  /** An uploaded file, a file_id sent before, or a URL (kept without bytes). */
  input(params: Params, uploads: Uploads, field: string, kind: FileKind): StoredFile {
    const upload = uploads.get(field);
    if (upload) {
      if (upload.bytes.length === 0) throw new BotApiError(400, "Bad Request: file must be non-empty");
      return this.store(kind, upload);
    }
    const ref = params[field];
    if (typeof ref !== "string" || ref === "") throw new BotApiError(400, `Bad Request: there is no ${field} in the request`);
    const known = this.files.get(ref);
    if (known) return known;
    if (/^https?:\/\//.test(ref)) {
      const name = new URL(ref).pathname.split("/").pop() || "file";
      return this.store(kind, { bytes: Buffer.alloc(0), fileName: name, mimeType: guessMime(name) });
    }
    throw new BotApiError(400, "Bad Request: wrong file identifier/HTTP URL specified");
  }

  get(fileId: string): StoredFile | undefined {
    return this.files.get(fileId);
  }

  /** The file served at /file/bot<token>/<filePath>. */
  byPath(filePath: string): StoredFile | undefined {
    return [...this.files.values()].find((f) => f.filePath === filePath);
  }
}

export function captionOf(p: Params): { caption?: string; caption_entities?: MessageEntity[] } {
  const source = optString(p, "caption");
  if (source === undefined || source === "") return {};
  const { text, entities } = formatText(source, p.parse_mode, p.caption_entities, MAX_CAPTION, "caption");
  return { caption: text, ...(entities.length > 0 ? { caption_entities: entities } : {}) };
}

export function documentOf(file: StoredFile): Document {
  return {
    file_id: file.fileId,
    file_unique_id: file.uniqueId,
    file_name: file.fileName,
    mime_type: file.mimeType,
    file_size: file.bytes.length,
  };
}

export function viewOf(stored: StoredMessage): LocalMessage {
  const m = stored.message;
  return {
    message_id: m.message_id,
    fromBot: stored.fromBot,
    date: m.date,
    ...(m.edit_date !== undefined ? { edit_date: m.edit_date } : {}),
    ...("text" in m ? { text: m.text, ...(m.entities ? { entities: m.entities } : {}) } : {}),
    ...(!("text" in m) && m.caption !== undefined ? { caption: m.caption } : {}),
    ...(!("text" in m) && m.caption_entities ? { entities: m.caption_entities } : {}),
    ...(stored.markup ? { reply_markup: stored.markup } : {}),
    ...(stored.photo ? { photo: stored.photo.bytes } : {}),
    ...(stored.document
      ? { document: { fileName: stored.document.fileName, mimeType: stored.document.mimeType, bytes: stored.document.bytes } }
      : {}),
    raw: structuredClone(m), // callers must not be able to alter the chat's state
  };
}

export function guessMime(fileName: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? "";
  const types: Record<string, string> = {
    xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    xls: "application/vnd.ms-excel",
    csv: "text/csv",
    pdf: "application/pdf",
    png: "image/png",
    jpg: "image/jpeg",
    jpeg: "image/jpeg",
    txt: "text/plain",
    json: "application/json",
    zip: "application/zip",
    docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  };
  return types[ext] ?? "application/octet-stream";
}

/** Format and size of PNG/JPEG/GIF/WebP bytes; undefined when it is not an image Telegram takes. */
export function imageInfo(b: Buffer): { width: number; height: number } | undefined {
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47) return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b.length >= 10 && b.toString("latin1", 0, 4) === "GIF8") return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
  if (b.length >= 12 && b.toString("latin1", 0, 4) === "RIFF" && b.toString("latin1", 8, 12) === "WEBP")
    return { width: 0, height: 0 };
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    // Walk the JPEG segments to the start-of-frame marker, which holds the size.
    let o = 2;
    while (o + 9 < b.length && b[o] === 0xff) {
      const marker = b[o + 1] ?? 0;
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return { height: b.readUInt16BE(o + 5), width: b.readUInt16BE(o + 7) };
      }
      o += 2 + b.readUInt16BE(o + 2);
    }
    return { width: 0, height: 0 };
  }
  return undefined;
}
