// The audit log as people read it (`sapat audit`): every write and every refused write, newest
// first, with who (and their name, where the account is known), when, from which chat, why.
import { fail, type Outcome, ok } from "../../../core/index.ts";
import { listAudit, type StoredAudit } from "../../../prisma/store/audit.ts";
import { unitSubtree } from "../../../prisma/store/institutions.ts";
import { peopleByTelegramId } from "../../../prisma/store/users.ts";
import type { Db, Institution } from "../deps.ts";
import { findUnit } from "../structure/institution.ts";

export interface AuditLine extends StoredAudit {
  person: { firstName: string | null; username: string | null } | null;
}

export interface AuditFilter {
  /** a unit code: its lines and its subtree's */
  unit?: string;
  /** how many lines, newest first (default 50) */
  take?: number;
}

export async function auditLog(db: Db, institution: Institution, filter: AuditFilter = {}): Promise<Outcome<AuditLine[]>> {
  let units: string[] | undefined;
  if (filter.unit) {
    const unit = await findUnit(db, institution.id, filter.unit);
    if (!unit.ok) return fail(unit.problem);
    units = (await unitSubtree(db, institution.id, unit.value.code)) ?? [unit.value.code];
  }
  const lines = await listAudit(db, institution.id, { ...(units ? { units } : {}), take: filter.take ?? 50 });
  const people = await peopleByTelegramId(
    db,
    lines.map((l) => l.actor),
  );
  return ok(lines.map((l) => ({ ...l, person: people.get(l.actor) ?? null })));
}
