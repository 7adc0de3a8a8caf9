// Callback data of an upload's buttons: "up:<op>:<uploadId>[:<arg>]" — c: confirm (with the
// preview's token, or "-" for a units file), x: cancel, f: what a figures file's percentages
// are (an index into FIGURE_CHOICES). The upload rides along, so an old button is recognised.
import { z } from "zod";
import { rowId } from "../../app/row-id.ts";

export const CALLBACK_PATTERN = /^up:.*$/s;

export type Press =
  | { op: "confirm"; uploadId: number; token: string | null }
  | { op: "cancel"; uploadId: number }
  | { op: "figures"; uploadId: number; choice: number };

export function encode(p: Press): string {
  if (p.op === "confirm") return `up:c:${p.uploadId}:${p.token ?? "-"}`;
  if (p.op === "cancel") return `up:x:${p.uploadId}`;
  return `up:f:${p.uploadId}:${p.choice}`;
}

const id = rowId;
const schema = z.union([
  z
    .tuple([z.literal("up"), z.literal("c"), id, z.string().regex(/^(-|[0-9a-f]{16})$/)])
    .transform(([, , uploadId, token]): Press => ({ op: "confirm", uploadId, token: token === "-" ? null : token })),
  z.tuple([z.literal("up"), z.literal("x"), id]).transform(([, , uploadId]): Press => ({ op: "cancel", uploadId })),
  z
    .tuple([z.literal("up"), z.literal("f"), id, z.coerce.number().int().min(0).max(9)])
    .transform(([, , uploadId, choice]): Press => ({ op: "figures", uploadId, choice })),
]);

/** What a press asks for; null for data no button of ours carries. */
export function decode(data: string): Press | null {
  const r = schema.safeParse(data.split(":"));
  return r.success ? r.data : null;
}
