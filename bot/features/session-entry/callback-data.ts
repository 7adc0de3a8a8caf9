// Callback data of the session entry (≤ 64 bytes):
//   "se:<token>:<op>[:<arg>]" — u: a unit by id, y: a year, t: term (a|s), s: stage (m|r),
//     f: form (f|p), c: course (0–6), nx: next, ok: confirm, ed: edit, x: cancel;
//   "entry:session[:<year>:<term>:<stage>[:<form>]]" — starts an entry (a data request's button).
import { FORMS, type Form, STAGES, type Stage, TERMS, type Term } from "../../../core/index.ts";
import type { SessionPress } from "../../app/session/session-dialogue.ts";

export const PRESS_PATTERN = /^se:.*$/s;
export const START_PATTERN = /^entry:session(?::.*)?$/s;

const TERM_CODE: Record<Term, string> = { autumn: "a", spring: "s" };
const STAGE_CODE: Record<Stage, string> = { main: "m", "after-retakes": "r" };
const FORM_CODE: Record<Form, string> = { "full-time": "f", "part-time": "p" };
const SIMPLE = { next: "nx", confirm: "ok", edit: "ed", cancel: "x" } as const;

const back = <T extends string>(codes: Record<T, string>, code: string | undefined): T | undefined =>
  (Object.keys(codes) as T[]).find((k) => codes[k] === code);

export function encodePress(token: string, press: SessionPress): string {
  switch (press.op) {
    case "unit":
      return `se:${token}:u:${press.unitId}`;
    case "year":
      return `se:${token}:y:${press.year}`;
    case "term":
      return `se:${token}:t:${TERM_CODE[press.term]}`;
    case "stage":
      return `se:${token}:s:${STAGE_CODE[press.stage]}`;
    case "form":
      return `se:${token}:f:${FORM_CODE[press.form]}`;
    case "course":
      return `se:${token}:c:${press.course}`;
    default:
      return `se:${token}:${SIMPLE[press.op]}`;
  }
}

export function decodePress(data: string): { token: string; press: SessionPress } | null {
  const [prefix, token = "", op = "", arg, ...rest] = data.split(":");
  if (prefix !== "se" || !/^[A-Za-z0-9_-]{1,16}$/.test(token) || rest.length) return null;
  const press = ((): SessionPress | null => {
    const simple = back(SIMPLE, op);
    if (simple) return arg === undefined ? { op: simple } : null;
    if (op === "u" && arg && /^\d{1,9}$/.test(arg)) return { op: "unit", unitId: Number(arg) };
    if (op === "y" && arg && /^\d{4}-\d{4}$/.test(arg)) return { op: "year", year: arg };
    if (op === "c" && arg && /^[0-6]$/.test(arg)) return { op: "course", course: Number(arg) };
    const term = op === "t" ? back(TERM_CODE, arg) : undefined;
    if (term) return { op: "term", term };
    const stage = op === "s" ? back(STAGE_CODE, arg) : undefined;
    if (stage) return { op: "stage", stage };
    const form = op === "f" ? back(FORM_CODE, arg) : undefined;
    return form ? { op: "form", form } : null;
  })();
  return press ? { token, press } : null;
}

/** "entry:session", "entry:session:2025-2026:autumn:main[:full-time]"; null when malformed. */
export function decodeStart(data: string): { year?: string; term?: Term; stage?: Stage; form?: Form } | null {
  const [, , year, term, stage, form, ...rest] = data.split(":");
  if (rest.length || (year !== undefined && !/^\d{4}-\d{4}$/.test(year))) return null;
  if (year !== undefined && (!TERMS.includes(term as Term) || !STAGES.includes(stage as Stage))) return null;
  if (form !== undefined && !FORMS.includes(form as Form)) return null;
  return {
    ...(year ? { year, term: term as Term, stage: stage as Stage } : {}),
    ...(form ? { form: form as Form } : {}),
  };
}
