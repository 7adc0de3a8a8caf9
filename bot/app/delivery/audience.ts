// An audience turned into people: checked against the sender's scope, unit names read
// like everywhere else (codes, names, aliases), subtrees expanded, users looked up once.
import { z } from "zod";
import {
  type Access,
  type Audience,
  audienceWithinScope,
  effectiveScope,
  FORMS,
  fail,
  type Outcome,
  ok,
  problem,
  ROLES,
  selectsByFilter,
  subtreeCodes,
} from "../../../core/index.ts";
import { listUnits } from "../../../prisma/store/institutions.ts";
import { findRecipients, type Recipient } from "../../../prisma/store/outbox.ts";
import type { Db } from "../deps.ts";
import { resolveUnit } from "../structure/unit-names.ts";

export type { Recipient };

/** An audience as stored (a campaign's, a scheduled job's): the core's Audience, validated. */
export const audienceSchema = z
  .object({
    everyone: z.boolean().optional(),
    roles: z.array(z.enum(ROLES)).optional(),
    units: z.array(z.string().min(1).max(120)).optional(),
    courses: z.array(z.number().int().min(1).max(6)).optional(),
    forms: z.array(z.enum(FORMS)).optional(),
    groups: z.array(z.string().min(1).max(40)).optional(),
    users: z.array(z.string().regex(/^\d{1,20}$/)).optional(),
  })
  .strict() satisfies z.ZodType<Audience>;

export interface ResolvedAudience {
  /** unit names already turned into codes */
  audience: Audience;
  recipients: Recipient[];
}

/** The sender's role and scope in their institution. */
export interface Sender {
  access: Access;
  institutionId: number;
}

export async function resolveAudience(db: Db, sender: Sender, asked: Audience): Promise<Outcome<ResolvedAudience>> {
  const units = await listUnits(db, sender.institutionId);
  const codes = units.map((u) => u.code);
  const scope = effectiveScope(sender.access);
  const visible = (code: string) => scope.kind === "institution" || scope.units.includes(code);
  const unitCodes: string[] = [];
  for (const name of asked.units ?? []) {
    const r = await resolveUnit(db, sender.institutionId, codes, name, visible);
    if (!r.ok) return r;
    if (!unitCodes.includes(r.value)) unitCodes.push(r.value);
  }
  const audience: Audience = { ...asked, ...(asked.units ? { units: unitCodes } : {}) };
  const allowed = audienceWithinScope(sender.access, audience);
  if (!allowed.ok) return allowed;

  // a dean's audience never reaches past the faculty, whatever else it says
  const reach = scope.kind === "institution" ? null : scope.units;
  const wanted = audience.units?.length ? audience.units.flatMap((c) => subtreeCodes(units, c) ?? [c]) : null;
  const inReach = wanted ?? reach;
  const unitIds = inReach ? units.filter((u) => inReach.includes(u.code)).map((u) => u.id) : undefined;
  const recipients = await findRecipients(db, sender.institutionId, {
    byFilter: selectsByFilter(audience),
    roles: audience.roles,
    unitIds,
    courses: audience.courses,
    forms: audience.forms,
    groups: audience.groups,
    telegramIds: audience.users,
  });
  if (audience.users?.length) {
    const known = new Set(recipients.map((r) => r.telegramId));
    const missing = audience.users.find((id) => !known.has(id));
    if (missing) return fail(problem("audienceUnknownUser", { user: missing }));
    if (reach) {
      const reachIds = new Set(units.filter((u) => reach.includes(u.code)).map((u) => u.id));
      const outside = recipients.find(
        (r) => audience.users?.includes(r.telegramId) && !(r.scopeUnitId !== null && reachIds.has(r.scopeUnitId)),
      );
      if (outside) return fail(problem("audienceOutsideScope", { unit: null, scope: scope.kind === "unit" ? scope.unit : null }));
    }
  }
  return ok({ audience, recipients });
}
