// Closing a request: no more reminders (those still to come are cancelled), no overdue list;
// its board stays readable and says it is closed.
import { fail, type Outcome, ok, problem } from "../../../core/index.ts";
import { closeRequest as closeStored, findRequest, type StoredRequest } from "../../../prisma/store/requests.ts";
import type { AppDeps } from "../deps.ts";
import { audited, loadRequest, type Requester } from "./requester.ts";

export async function closeRequest(deps: AppDeps, who: Requester, id: number): Promise<Outcome<StoredRequest>> {
  return audited(deps, who, "request.close", id, await close(deps, who, id));
}

async function close(deps: AppDeps, who: Requester, id: number): Promise<Outcome<StoredRequest>> {
  const loaded = await loadRequest(deps, who, id, true);
  if (!loaded.ok) return loaded;
  if (loaded.value.request.status !== "open") return fail(problem("requestClosed", { id }));
  const closed = await closeStored(deps.db, id, deps.now(), {
    institutionId: who.institutionId,
    actor: who.actor,
    chatId: who.chatId,
    action: "request.close",
    outcome: "written",
  });
  // closed meanwhile by someone else: said the same way
  if (!closed) return fail(problem("requestClosed", { id }));
  const request = await findRequest(deps.db, who.institutionId, id);
  return request ? ok(request) : fail(problem("requestNotFound", { id }));
}
