// Who a campaign goes to: one description for the bot, the CLI and scheduled reminders,
// written in a short form ("role:student,unit:ЭФ,course:2-4"), checked against the
// sender's scope before anything is queued, and matched against users.

import { FORMS, type Form } from "../session/domain.ts";
import { type Access, effectiveScope, ROLES, type Role } from "../shared/access.ts";
import { fail, type Outcome, ok, problem } from "../shared/problem.ts";

/**
 * Everyone who matches every given filter (roles, units with their subtrees, courses,
 * forms, groups), plus the explicitly named users. `everyone` with no filters is the
 * whole institution; with neither, only `users`.
 */
export interface Audience {
  everyone?: boolean;
  roles?: Role[];
  /** unit codes; each covers its subtree */
  units?: string[];
  /** students' courses 1–6 */
  courses?: number[];
  forms?: Form[];
  groups?: string[];
  /** Telegram ids */
  users?: string[];
}

/** Whether the audience selects by filters (and not only named users). */
export function selectsByFilter(a: Audience): boolean {
  return Boolean(a.everyone || a.roles?.length || a.units?.length || a.courses?.length || a.forms?.length || a.groups?.length);
}

const KEYS = ["role", "unit", "course", "form", "group", "user"] as const;
type Key = (typeof KEYS)[number];

/** A course list: "2", "2-4", "2|3|5". */
function courses(value: string): number[] | null {
  const out = new Set<number>();
  for (const part of value.split("|")) {
    const m = /^([1-6])(?:[-–]([1-6]))?$/.exec(part.trim());
    if (!m) return null;
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    if (to < from) return null;
    for (let c = from; c <= to; c++) out.add(c);
  }
  return [...out].sort((x, y) => x - y);
}

/** Role names people type, in English, Russian and Kyrgyz. */
const ROLE_ALIASES: Record<string, Role> = {
  deans: "dean",
  heads: "head",
  students: "student",
  teachers: "teacher",
  "teaching staff": "teacher",
  leaders: "leader",
  admins: "admin",
  декан: "dean",
  деканы: "dean",
  декандар: "dean",
  завкаф: "head",
  студент: "student",
  студенты: "student",
  студенттер: "student",
  преподаватель: "teacher",
  преподаватели: "teacher",
  окутуучу: "teacher",
  окутуучулар: "teacher",
  руководитель: "leader",
  руководители: "leader",
  жетекчи: "leader",
  жетекчилер: "leader",
};

/** The whole teaching staff in one phrase, in English, Kyrgyz or Russian. */
const TEACHING_STAFF = /^((all )?teach(ers|ing staff)|(бардык )?окутуучулар|(все )?преподаватели)$/i;

/**
 * Reads the short form: `all`, or `key:value` pairs joined by commas, values alternatives
 * joined by `|` (`role:dean|head`), a key given twice adds to its list. Keys: role, unit,
 * course (1–6, ranges 2-4), form, group, user (a Telegram id).
 */
export function parseAudience(text: string): Outcome<Audience> {
  const source = text.trim();
  if (source === "") return fail(problem("audienceEmpty"));
  if (/^(all|everyone|бардыгы|все)$/i.test(source)) return ok({ everyone: true });
  // "all teaching staff" as the quality department says it (a survey's audience)
  if (TEACHING_STAFF.test(source)) return ok({ roles: ["teacher"] });
  const a: Audience = {};
  for (const raw of source.split(",")) {
    const part = raw.trim();
    if (part === "") continue;
    const colon = part.indexOf(":");
    const key = (colon < 0 ? part : part.slice(0, colon)).trim().toLowerCase() as Key;
    const value = colon < 0 ? "" : part.slice(colon + 1).trim();
    if (!KEYS.includes(key)) return fail(problem("audienceUnknownKey", { key: part.slice(0, Math.max(colon, 0)) || part }));
    if (value === "") return fail(problem("audienceNoValue", { key }));
    const values = value
      .split("|")
      .map((v) => v.trim())
      .filter(Boolean);
    switch (key) {
      case "role": {
        for (const v of values) {
          const role = ROLE_ALIASES[v.toLowerCase()] ?? v.toLowerCase();
          if (!(ROLES as readonly string[]).includes(role)) return fail(problem("audienceBadRole", { value: v }));
          a.roles = add(a.roles, role as Role);
        }
        break;
      }
      case "unit":
        for (const v of values) a.units = add(a.units, v);
        break;
      case "course": {
        const list = courses(value);
        if (!list) return fail(problem("audienceBadCourse", { value }));
        for (const c of list) a.courses = add(a.courses, c);
        break;
      }
      case "form":
        for (const v of values) {
          if (!(FORMS as readonly string[]).includes(v)) return fail(problem("audienceBadForm", { value: v }));
          a.forms = add(a.forms, v as Form);
        }
        break;
      case "group":
        for (const v of values) a.groups = add(a.groups, v);
        break;
      case "user":
        for (const v of values) {
          if (!/^\d{1,20}$/.test(v)) return fail(problem("audienceBadUser", { value: v }));
          a.users = add(a.users, v);
        }
        break;
    }
  }
  if (!selectsByFilter(a) && !a.users?.length) return fail(problem("audienceEmpty"));
  return ok(a);
}

function add<T>(list: T[] | undefined, value: T): T[] {
  return list?.includes(value) ? list : [...(list ?? []), value];
}

/** The short form back (stable order), for the CLI and logs. */
export function formatAudience(a: Audience): string {
  if (a.everyone && !selectsByFilter({ ...a, everyone: false }) && !a.users?.length) return "all";
  const parts: string[] = [];
  if (a.roles?.length) parts.push(`role:${a.roles.join("|")}`);
  if (a.units?.length) parts.push(`unit:${a.units.join("|")}`);
  if (a.courses?.length) parts.push(`course:${a.courses.join("|")}`);
  if (a.forms?.length) parts.push(`form:${a.forms.join("|")}`);
  if (a.groups?.length) parts.push(`group:${a.groups.join("|")}`);
  if (a.users?.length) parts.push(`user:${a.users.join("|")}`);
  return parts.join(",");
}

/** Roles that may send to an audience; deans only within their faculty. */
const SENDERS: readonly Role[] = ["admin", "leader", "dean"];

export function roleCanAnnounce(role: Role): boolean {
  return SENDERS.includes(role);
}

export function canAnnounce(access: Access): boolean {
  return roleCanAnnounce(access.role);
}

/**
 * Whether this sender may address this audience: every unit named lies inside their scope,
 * and an audience without units (the whole institution) needs an institution-wide scope.
 * Named users are checked once they are resolved (`outsideScope`).
 */
export function audienceWithinScope(access: Access, a: Audience): Outcome<Audience> {
  if (!canAnnounce(access)) return fail(problem("forbidden"));
  const scope = effectiveScope(access);
  if (scope.kind === "institution") return ok(a);
  const outside = (a.units ?? []).find((u) => !scope.units.includes(u));
  if (outside !== undefined) return fail(problem("audienceOutsideScope", { unit: outside, scope: scope.unit }));
  if (selectsByFilter(a) && !a.units?.length) return fail(problem("audienceOutsideScope", { unit: null, scope: scope.unit }));
  return ok(a);
}
