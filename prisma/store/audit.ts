// The audit log: every write and every refused write, with who, when, from which chat and
// why. Append-only: nothing here updates or deletes.
import type { Db } from "./db.ts";

export interface AuditLine {
  institutionId: number;
  at: Date;
  actor: string;
  chatId: string | null;
  action: string;
  target: string;
  outcome: "written" | "refused";
  /** a refusal's Problem code */
  reason?: string | null;
  detail?: Record<string, unknown>;
}

export type StoredAudit = Omit<AuditLine, "detail"> & { id: number; detail: Record<string, unknown> };

export async function recordAudit(db: Db, line: AuditLine): Promise<void> {
  await db.auditEntry.create({
    data: {
      institutionId: line.institutionId,
      at: line.at,
      actor: line.actor,
      chatId: line.chatId,
      action: line.action,
      target: line.target,
      outcome: line.outcome,
      reason: line.reason ?? null,
      detail: JSON.stringify(line.detail ?? {}),
    },
  });
}

/** The newest lines about targets starting with `targetPrefix` (e.g. "practice:ТФ:") or about `units`, newest first. */
export async function listAudit(
  db: Db,
  institutionId: number,
  filter: { targetPrefix?: string; actor?: string; take?: number; units?: readonly string[] } = {},
): Promise<StoredAudit[]> {
  const rows = await db.auditEntry.findMany({
    where: {
      institutionId,
      ...(filter.targetPrefix ? { target: { startsWith: filter.targetPrefix } } : {}),
      // "practice:ТФ-ТМ:…", "session:ТФ-ТМ:…": the unit is the target's second part
      ...(filter.units ? { OR: filter.units.map((u) => ({ target: { contains: `:${u}:` } })) } : {}),
      ...(filter.actor ? { actor: filter.actor } : {}),
    },
    orderBy: { id: "desc" },
    take: filter.take ?? 50,
  });
  return rows.map((r) => ({
    id: r.id,
    institutionId: r.institutionId,
    at: r.at,
    actor: r.actor,
    chatId: r.chatId,
    action: r.action,
    target: r.target,
    outcome: r.outcome === "refused" ? "refused" : "written",
    reason: r.reason,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
  }));
}
