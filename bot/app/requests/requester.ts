// Who acts on a request, and what they may do with one: admins see and manage every request
// of their institution, leaders watch them, a dean sees and manages the requests he made.
import { type Access, fail, type Outcome, ok, type Problem, problem } from "../../../core/index.ts";
import { recordAudit } from "../../../prisma/store/audit.ts";
import { institutionById } from "../../../prisma/store/institutions.ts";
import { findRequest, requestTarget, type StoredRequest } from "../../../prisma/store/requests.ts";
import type { AppDeps, Institution } from "../deps.ts";

export type { StoredRequest };

export interface Requester {
  access: Access;
  institutionId: number;
  /** the person's Telegram id; null for the CLI acting as the institution */
  telegramId: string | null;
  /** where they asked from (the bot's private chat) */
  chatId: string | null;
  /** how the audit log names them: a Telegram id or 'cli:<user>' */
  actor: string;
}

/** What a request records as its creator: the person, or 'cli' for the institution's terminal. */
export const creatorOf = (r: Requester): string => r.telegramId ?? "cli";

export function mayView(r: Requester, request: StoredRequest): boolean {
  if (request.institutionId !== r.institutionId) return false;
  return r.access.role === "admin" || r.access.role === "leader" || request.createdBy === creatorOf(r);
}

export function mayManage(r: Requester, request: StoredRequest): boolean {
  return mayView(r, request) && (r.access.role === "admin" || request.createdBy === creatorOf(r));
}

export interface Loaded {
  request: StoredRequest;
  institution: Institution;
}

/**
 * A request this person may see (to manage, when `manage`): one they may not see reads as
 * not found, one they may only watch is refused as another's.
 */
export async function loadRequest(deps: AppDeps, r: Requester, id: number, manage: boolean): Promise<Outcome<Loaded>> {
  const request = await findRequest(deps.db, r.institutionId, id);
  if (!request || request.status === "draft" || !mayView(r, request)) return fail(problem("requestNotFound", { id }));
  if (manage && !mayManage(r, request)) return fail(problem("requestNotYours", { id }));
  const institution = await institutionById(deps.db, r.institutionId);
  if (!institution) return fail(problem("requestNotFound", { id }));
  return ok({ request, institution });
}

/** A refused write (remind, close) on the audit log, with its reason; passes the outcome on. */
export async function audited<T>(deps: AppDeps, who: Requester, action: string, id: number, r: Outcome<T>): Promise<Outcome<T>> {
  if (!r.ok) await refusedOn(deps, who, action, requestTarget(id), r.problem);
  return r;
}

export async function refusedOn(deps: AppDeps, who: Requester, action: string, target: string, p: Problem): Promise<void> {
  await recordAudit(deps.db, {
    institutionId: who.institutionId,
    at: deps.now(),
    actor: who.actor,
    chatId: who.chatId,
    action,
    target,
    outcome: "refused",
    reason: p.code,
    detail: { ...p.params },
  });
}
