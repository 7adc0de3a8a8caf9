// The /accreditation buttons: "ac:<unit id, 0 the institution>:<level>:<states>" re-asks with
// other filters, "acg:<unit id>:<level>" draws the chart. A level is its index in
// PROGRAMME_LEVELS ("-" none); states are one letter each ("a" those needing attention, "*"
// all). Ids and letters, not names, keep it within Telegram's 64 bytes.
import { type AccreditationStatus, ATTENTION_STATUSES, PROGRAMME_LEVELS, type ProgrammeLevel } from "../../../core/index.ts";

export const VIEW_DATA = /^ac:/;
export const CHART_DATA = /^acg:/;

const LETTER: Record<AccreditationStatus, string> = { valid: "v", expiring: "e", expired: "x", never: "n" };
const byLetter = new Map(Object.entries(LETTER).map(([s, l]) => [l, s as AccreditationStatus]));

export interface AccreditationView {
  unitId: number;
  level: ProgrammeLevel | null;
  /** null: every state */
  status: readonly AccreditationStatus[] | null;
}

const levelPart = (l: ProgrammeLevel | null) => (l === null ? "-" : String(PROGRAMME_LEVELS.indexOf(l)));

function statusPart(s: readonly AccreditationStatus[] | null): string {
  if (s === null) return "*";
  const sorted = [...s].sort();
  if (sorted.join() === [...ATTENTION_STATUSES].sort().join()) return "a";
  return sorted.map((x) => LETTER[x]).join("");
}

export function encodeView(v: AccreditationView): string {
  return `ac:${v.unitId}:${levelPart(v.level)}:${statusPart(v.status)}`;
}

export function encodeChart(v: Pick<AccreditationView, "unitId" | "level">): string {
  return `acg:${v.unitId}:${levelPart(v.level)}`;
}

function levelOf(part: string): ProgrammeLevel | null | undefined {
  if (part === "-") return null;
  return PROGRAMME_LEVELS[Number(part)];
}

export function decodeView(data: string): AccreditationView | null {
  const m = /^ac:(\d{1,9}):(-|\d):(a|\*|[vexn]{1,4})$/.exec(data);
  if (!m) return null;
  const level = levelOf(m[2] as string);
  if (level === undefined) return null;
  const part = m[3] as string;
  const status =
    part === "*" ? null : part === "a" ? [...ATTENTION_STATUSES] : [...part].map((l) => byLetter.get(l) as AccreditationStatus);
  return { unitId: Number(m[1]), level, status };
}

export function decodeChart(data: string): Pick<AccreditationView, "unitId" | "level"> | null {
  const m = /^acg:(\d{1,9}):(-|\d)$/.exec(data);
  if (!m) return null;
  const level = levelOf(m[2] as string);
  return level === undefined ? null : { unitId: Number(m[1]), level };
}
