// Callback data of the practice entry (≤ 64 bytes):
//   "pe:<token>:<op>[:<arg>]" — a button of the dialogue whose token it carries (u: a unit by
//     id, k: a kind by its index, y: a year, ok: confirm, ed: edit, x: cancel);
//   "entry:practice[:<year>[:<kind>]]" — starts an entry (the data requests put this button on
//     their messages; /submit's choice too).
import { PRACTICE_KINDS, type PracticeKind } from "../../../core/index.ts";
import type { PracticePress } from "../../app/practice/practice-dialogue.ts";
import { rowId } from "../../app/row-id.ts";

export const PRESS_PATTERN = /^pe:.*$/s;
export const START_PATTERN = /^entry:practice(?::.*)?$/s;

const TOKEN = /^[A-Za-z0-9_-]{1,16}$/;

export function encodePress(token: string, press: PracticePress): string {
  switch (press.op) {
    case "unit":
      return `pe:${token}:u:${press.unitId}`;
    case "kind":
      return `pe:${token}:k:${PRACTICE_KINDS.indexOf(press.kind as PracticeKind)}`;
    case "year":
      return `pe:${token}:y:${press.year}`;
    case "confirm":
      return `pe:${token}:ok`;
    case "edit":
      return `pe:${token}:ed`;
    case "cancel":
      return `pe:${token}:x`;
  }
}

const id = rowId;

/** What a press asks for; null for data no button of ours carries. */
export function decodePress(data: string): { token: string; press: PracticePress } | null {
  const [prefix, token = "", op, arg, ...rest] = data.split(":");
  if (prefix !== "pe" || !TOKEN.test(token) || rest.length) return null;
  const press = ((): PracticePress | null => {
    if (op === "ok" && arg === undefined) return { op: "confirm" };
    if (op === "ed" && arg === undefined) return { op: "edit" };
    if (op === "x" && arg === undefined) return { op: "cancel" };
    if (op === "u" && arg !== undefined && /^\d{1,9}$/.test(arg)) {
      // "u:0" matches the digits yet is no unit: data no button of ours carries, not an error
      const unitId = id.safeParse(arg);
      return unitId.success ? { op: "unit", unitId: unitId.data } : null;
    }
    if (op === "k" && arg !== undefined && /^[0-3]$/.test(arg))
      return { op: "kind", kind: PRACTICE_KINDS[Number(arg)] as string };
    if (op === "y" && arg !== undefined && /^\d{4}-\d{4}$/.test(arg)) return { op: "year", year: arg };
    return null;
  })();
  return press ? { token, press } : null;
}

export const startData = (year?: string, kind?: PracticeKind): string =>
  ["entry", "practice", ...(year ? [year] : []), ...(year && kind ? [kind] : [])].join(":");

/** "entry:practice", "entry:practice:2025-2026", "entry:practice:2025-2026:production"; null when malformed. */
export function decodeStart(data: string): { year?: string; kind?: PracticeKind } | null {
  const m = /^entry:practice(?::(\d{4}-\d{4})(?::([a-z-]{1,32}))?)?$/.exec(data);
  if (!m) return null;
  const kind = m[2];
  if (kind !== undefined && !(PRACTICE_KINDS as readonly string[]).includes(kind)) return null;
  return { ...(m[1] ? { year: m[1] } : {}), ...(kind ? { kind: kind as PracticeKind } : {}) };
}
