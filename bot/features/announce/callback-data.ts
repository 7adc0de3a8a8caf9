// Callback data of /announce's buttons: "ann:<op>:<draftId>[:<choice>]" — the draft a button
// belongs to rides along, so a button of a draft already sent, cancelled or replaced is
// recognised as outdated; a dean's unit never does (it comes from their scope). ≤ 64 bytes.
import { z } from "zod";
import { rowId } from "../../app/row-id.ts";

const PREFIX = "ann";

/** a: an audience chosen, s: send, e: change the audience, c: cancel */
export type Op = "audience" | "send" | "change" | "cancel";
const OP_CODE = { audience: "a", send: "s", change: "e", cancel: "c" } as const satisfies Record<Op, string>;

/** The whole data of every press meant for this feature (for telegraf's composer.action); decode checks the rest. */
export const CALLBACK_PATTERN = /^ann:.*$/s;

export type Press = { op: "audience"; draftId: number; choice: string } | { op: Exclude<Op, "audience">; draftId: number };

export function encode(press: Press): string {
  const parts: (string | number)[] = [PREFIX, OP_CODE[press.op], press.draftId];
  if (press.op === "audience") parts.push(press.choice);
  return parts.join(":");
}

const draftId = rowId;
const schema = z.union([
  z
    .tuple([z.literal(PREFIX), z.literal("a"), draftId, z.string().regex(/^[a-zA-Z]{1,24}$/)])
    .transform(([, , id, choice]): Press => ({ op: "audience", draftId: id, choice })),
  z
    .tuple([z.literal(PREFIX), z.enum(["s", "e", "c"]), draftId])
    .transform(([, op, id]): Press => ({ op: op === "s" ? "send" : op === "e" ? "change" : "cancel", draftId: id })),
]);

/** What a press asks for; null for data no button of ours carries. */
export function decode(data: string): Press | null {
  if (!/^ann:[asec]:\d{1,9}(?::[a-zA-Z]{1,24})?$/.test(data)) return null;
  const r = schema.safeParse(data.split(":"));
  return r.success ? r.data : null;
}
