// A data request (DOMAIN.md §1, §4): figures asked of units by a deadline — practice
// completion for a year and kinds, or session results for a period — and who answers it.
import { PRACTICE_KINDS, type PracticeKind } from "../practice/kinds.ts";
import type { Form, Stage, Term } from "../session/domain.ts";
import type { Role } from "../shared/access.ts";

export const REQUEST_SUBJECTS = ["practice", "session"] as const;
export type RequestSubject = (typeof REQUEST_SUBJECTS)[number];

/** What is asked: the figures that count as an answer. */
export type RequestWhat =
  | { subject: "practice"; year: string; kinds: PracticeKind[] }
  | { subject: "session"; year: string; term: Term; stage: Stage; form: Form | null };

/** A request without kinds asks for every kind. */
export const ALL_PRACTICE_KINDS: readonly PracticeKind[] = PRACTICE_KINDS;

/** Who may ask for figures: the quality department (any unit) and deans (their faculty). */
const REQUESTERS: readonly Role[] = ["admin", "dean"];

export function roleCanRequest(role: Role): boolean {
  return REQUESTERS.includes(role);
}

/** Who may watch boards: requesters, and leaders (read only). */
export function roleCanViewRequests(role: Role): boolean {
  return roleCanRequest(role) || role === "leader";
}

/**
 * The button data a head's message carries to the entry dialogue (another feature reads it):
 * `entry:practice:<year>[:<kind>]` (the kind only when one is asked), or
 * `entry:session:<year>:<term>:<stage>`. At most 64 bytes, as Telegram allows.
 */
export function entryData(what: RequestWhat): string {
  if (what.subject === "session") return `entry:session:${what.year}:${what.term}:${what.stage}`;
  const [only] = what.kinds;
  return what.kinds.length === 1 && only ? `entry:practice:${what.year}:${only}` : `entry:practice:${what.year}`;
}
