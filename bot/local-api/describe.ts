// One-line descriptions of calls and updates for the log and for waitFor's timeout report.
import type { Update } from "telegraf/types";
import { isRecord } from "./params.ts";
import type { ApiCall } from "./types.ts";

export function describeCall(call: ApiCall): string {
  const params = JSON.stringify(call.params, (_key, v: unknown) => {
    if (isBufferJson(v)) return `<${v.data.length} bytes>`;
    return v;
  });
  const outcome = call.error ? ` → ${call.error.error_code} ${call.error.description}` : "";
  return `${call.method} ${truncate(params, 300)}${outcome}`;
}

function isBufferJson(v: unknown): v is { type: "Buffer"; data: number[] } {
  return isRecord(v) && v.type === "Buffer" && Array.isArray(v.data);
}

export function describeUpdate(update: Update): string {
  if ("message" in update) {
    const m = update.message;
    const body =
      "text" in m ? JSON.stringify(truncate(m.text, 80)) : "document" in m ? `document ${m.document.file_name ?? ""}` : "";
    return `message from ${m.chat.id}: ${body}`;
  }
  if ("callback_query" in update) {
    const q = update.callback_query;
    return `callback_query from ${q.from.id}: ${"data" in q ? q.data : ""}`;
  }
  return Object.keys(update)
    .filter((k) => k !== "update_id")
    .join(",");
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
