// Callback data of /requests and /request buttons: "rq:<op>[:<id>[:<arg>…]]". The request (or
// draft) a button belongs to rides along; who may act on it is checked again on every press.
// Well under 64 bytes.
import { z } from "zod";
import { rowId } from "../../app/row-id.ts";

export type Press =
  /** the board of a request, a page of its units; `back` offers the way to the list */
  | { op: "board"; id: number; page: number; back: boolean }
  | { op: "list" }
  /** ask before reminding / remind (the nonce keys the reminder: a second press sends nothing) */
  | { op: "remindAsk"; id: number }
  | { op: "remind"; id: number; nonce: string }
  | { op: "closeAsk"; id: number }
  | { op: "close"; id: number }
  /** a confirmation left: nothing done */
  | { op: "dismiss" }
  /** a /request preview: send it, or leave it */
  | { op: "send"; id: number }
  | { op: "cancel"; id: number };

export const CALLBACK_PATTERN = /^rq:.*$/s;

export function encode(p: Press): string {
  switch (p.op) {
    case "board":
      return `rq:b:${p.id}:${p.page}:${p.back ? 1 : 0}`;
    case "list":
      return "rq:l";
    case "remindAsk":
      return `rq:r:${p.id}`;
    case "remind":
      return `rq:R:${p.id}:${p.nonce}`;
    case "closeAsk":
      return `rq:x:${p.id}`;
    case "close":
      return `rq:X:${p.id}`;
    case "dismiss":
      return "rq:n";
    case "send":
      return `rq:s:${p.id}`;
    case "cancel":
      return `rq:c:${p.id}`;
  }
}

const id = rowId;
const page = z.coerce.number().int().min(0).max(10_000);

const schema = z.union([
  z
    .tuple([z.literal("rq"), z.literal("b"), id, page, z.enum(["0", "1"])])
    .transform(([, , i, p, b]): Press => ({ op: "board", id: i, page: p, back: b === "1" })),
  z.tuple([z.literal("rq"), z.literal("l")]).transform((): Press => ({ op: "list" })),
  z.tuple([z.literal("rq"), z.literal("n")]).transform((): Press => ({ op: "dismiss" })),
  z
    .tuple([z.literal("rq"), z.literal("R"), id, z.string().regex(/^[a-z0-9]{1,16}$/)])
    .transform(([, , i, nonce]): Press => ({ op: "remind", id: i, nonce })),
  z.tuple([z.literal("rq"), z.enum(["r", "x", "X", "s", "c"]), id]).transform(([, op, i]): Press => {
    const ops = { r: "remindAsk", x: "closeAsk", X: "close", s: "send", c: "cancel" } as const;
    return { op: ops[op], id: i };
  }),
]);

/** What a press asks for; null for data no button of ours carries. */
export function decode(data: string): Press | null {
  if (data.length > 64) return null;
  const r = schema.safeParse(data.split(":"));
  return r.success ? r.data : null;
}
