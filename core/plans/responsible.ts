// Who answers for an action item, as a resolution names them: roles ("декан", "кафедра
// башчысы", "проректор", "head"), with a unit or not; people (a Telegram id or @username);
// units; and "every department of X" (ky "X бардык кафедралары", ru "все кафедры X"),
// which fans the item out into one item per department, its head responsible.
import type { Role } from "../shared/access.ts";
import { type Problem, problem } from "../shared/problem.ts";

export type ResponsibleRef =
  | { kind: "role"; role: Role; unit: string | null }
  | { kind: "user"; user: string }
  | { kind: "unit"; unit: string }
  | { kind: "departments"; unit: string };

/** Role words in ky/ru/en, matched at the start ("декан ЭФ") or the end ("ЭФ деканы") of a part. */
const ROLE_WORDS: readonly (readonly [Exclude<Role, "student">, string])[] = [
  ["admin", "билим берүүнүн сапаты бөлүмү"],
  ["admin", "отдел обеспечения качества"],
  ["admin", "quality department"],
  ["admin", "сапат бөлүмү"],
  ["admin", "отдел качества"],
  ["admin", "admin"],
  ["leader", "vice-rector"],
  ["leader", "vice rector"],
  ["leader", "проректору"],
  ["leader", "проректор"],
  ["leader", "ректору"],
  ["leader", "ректор"],
  ["leader", "rector"],
  ["leader", "leader"],
  ["dean", "деканы"],
  ["dean", "декан"],
  ["dean", "директору"],
  ["dean", "директор"],
  ["dean", "director"],
  ["dean", "dean"],
  ["head", "кафедра башчылары"],
  ["head", "кафедра башчысы"],
  ["head", "заведующие кафедрами"],
  ["head", "заведующий кафедрой"],
  ["head", "зав. кафедрой"],
  ["head", "завкафедрами"],
  ["head", "завкафедрой"],
  ["head", "ббп жетекчиси"],
  ["head", "руководитель оп"],
  ["head", "programme leader"],
  ["head", "program leader"],
  ["head", "head of department"],
  ["head", "department head"],
  ["head", "head"],
];

const DEPARTMENTS_OF: readonly RegExp[] = [
  /^(?:every|each|all)\s+(?:the\s+)?departments?\s+(?:of|in)\s+(.+)$/iu,
  /^все\s+кафедры\s+(.+)$/iu,
  /^(.+?)\s+(?:бардык|баардык)\s+кафедралар\p{L}*$/iu,
];

const USER = /^(?:@[A-Za-z0-9_]{3,32}|\d{5,20})$/u;

const fold = (s: string) => s.toLowerCase().replace(/ё/gu, "е");

/** A role word at the start or the end of a part, and what else the part names (a unit). */
function roleOf(part: string): ResponsibleRef | null {
  const low = fold(part);
  for (const [role, word] of ROLE_WORDS) {
    let rest: string | null = null;
    if (low === word) rest = "";
    else if (low.startsWith(`${word} `)) rest = part.slice(word.length);
    else if (low.endsWith(` ${word}`)) rest = part.slice(0, part.length - word.length);
    if (rest === null) continue;
    const unit = rest.replace(/^\s*(?:of|the)\s+/iu, "").trim();
    // a vice-rector "по учебной работе" or the quality department have no unit: the institution's
    return { kind: "role", role, unit: role === "admin" || role === "leader" || !unit ? null : unit };
  }
  return null;
}

function refOf(part: string): ResponsibleRef {
  for (const re of DEPARTMENTS_OF) {
    const m = re.exec(part);
    if (m) return { kind: "departments", unit: (m[1] as string).trim() };
  }
  if (USER.test(part)) return { kind: "user", user: part };
  return roleOf(part) ?? { kind: "unit", unit: part };
}

export type ResponsibleRead = { ok: true; refs: ResponsibleRef[] } | { ok: false; problem: Problem };

/** "декан ЭФ, @aibek, все кафедры ЭФ" → its parts; nobody named is a problem. */
export function parseResponsible(raw: string): ResponsibleRead {
  const parts = raw
    .normalize("NFC")
    // not on "и"/"and": unit names hold them ("экономики и управления")
    .split(/[,;\n]/u)
    .map((p) => p.replace(/\s+/gu, " ").trim())
    .filter(Boolean);
  if (!parts.length) return { ok: false, problem: problem("planNoResponsible") };
  const refs: ResponsibleRef[] = [];
  for (const p of parts) {
    const ref = refOf(p);
    if (!refs.some((r) => JSON.stringify(r) === JSON.stringify(ref))) refs.push(ref);
  }
  return { ok: true, refs };
}

/** Whether the item is to be fanned out into one item per department. */
export const fansOut = (refs: readonly ResponsibleRef[]) => refs.some((r) => r.kind === "departments");

export interface FannedItem {
  number: string;
  /** the department the item is for; null when it was not fanned out */
  unit: string | null;
  refs: ResponsibleRef[];
}

/**
 * One item per department of every "every department of X" (the departments given, in
 * order, each once): numbered "3.1", "3.2", …, the department's head responsible beside
 * whoever else the item names. An item naming no such group stays as it is.
 */
export function fanOut(number: string, refs: readonly ResponsibleRef[], departments: readonly string[]): FannedItem[] {
  if (!fansOut(refs)) return [{ number, unit: null, refs: [...refs] }];
  const others = refs.filter((r) => r.kind !== "departments");
  return [...new Set(departments)].map((code, i) => ({
    number: `${number}.${i + 1}`,
    unit: code,
    refs: [{ kind: "role", role: "head", unit: code }, ...others],
  }));
}
