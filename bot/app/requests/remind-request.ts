// "Remind now": the heads of the units that have not answered, counted first ("remind 12
// heads?") and reminded once per confirmation (the confirmation's nonce keys the campaign, so
// a double press sends once). Scheduled reminders are request-jobs.ts.
import { fail, type Outcome, ok, problem } from "../../../core/index.ts";
import { recordAudit } from "../../../prisma/store/audit.ts";
import { requestTarget } from "../../../prisma/store/requests.ts";
import type { CreatedCampaign } from "../delivery/campaigns.ts";
import type { AppDeps } from "../deps.ts";
import { sendReminder } from "./notify.ts";
import { notAnswered, type RequestProgress, requestProgress } from "./progress.ts";
import { audited, creatorOf, type Loaded, loadRequest, type Requester } from "./requester.ts";

export interface ReminderPreview {
  /** heads who would be reminded */
  recipients: number;
  /** of them, Telegram refused before (blocked the bot, never started it) */
  unreachable: number;
  /** units that have not answered, and those of them with no head registered */
  units: number;
  withoutHead: number;
}

type Ready = Loaded & { progress: RequestProgress };

async function ready(deps: AppDeps, who: Requester, id: number): Promise<Outcome<Ready>> {
  const loaded = await loadRequest(deps, who, id, true);
  if (!loaded.ok) return loaded;
  if (loaded.value.request.status !== "open") return fail(problem("requestClosed", { id }));
  const progress = await requestProgress(deps.db, loaded.value.request, deps.now());
  if (!notAnswered(progress).length)
    return fail(
      problem(progress.counts.submitted === progress.counts.total ? "requestAllSubmitted" : "requestNobodyToRemind", { id }),
    );
  return ok({ ...loaded.value, progress });
}

export async function previewReminder(deps: AppDeps, who: Requester, id: number): Promise<Outcome<ReminderPreview>> {
  const r = await ready(deps, who, id);
  if (!r.ok) return r;
  const { progress } = r.value;
  const heads = notAnswered(progress);
  const open = progress.rows.filter((row) => row.state !== "submitted");
  return ok({
    recipients: heads.length,
    unreachable: heads.filter((h) => h.unreachableReason !== null).length,
    units: open.length,
    withoutHead: open.filter((row) => !row.heads.length).length,
  });
}

/** A nonce as the confirmation carries it (the preview's time, base 36). */
export const REMIND_NONCE = /^[a-z0-9]{1,16}$/;

export async function remindNow(
  deps: AppDeps,
  who: Requester,
  id: number,
  nonce: string,
  progressMessage?: { chatId: string; messageId: number },
): Promise<Outcome<CreatedCampaign>> {
  return audited(deps, who, "request.remind", id, await remind(deps, who, id, nonce, progressMessage));
}

async function remind(
  deps: AppDeps,
  who: Requester,
  id: number,
  nonce: string,
  progressMessage?: { chatId: string; messageId: number },
): Promise<Outcome<CreatedCampaign>> {
  if (!REMIND_NONCE.test(nonce)) return fail(problem("requestNotFound", { id }));
  const r = await ready(deps, who, id);
  if (!r.ok) return r;
  const { request, institution, progress } = r.value;
  const as = {
    sender: { access: who.access, institutionId: institution.id },
    createdBy: creatorOf(who),
    ...(progressMessage ? { progress: progressMessage } : {}),
  };
  const sent = await sendReminder(deps, request, institution, progress, `request:${id}:now:${nonce}`, as);
  if (!sent.ok) return sent;
  if (!sent.value) return fail(problem("requestNobodyToRemind", { id }));
  if (sent.value.created)
    await recordAudit(deps.db, {
      institutionId: institution.id,
      at: deps.now(),
      actor: who.actor,
      chatId: who.chatId,
      action: "request.remind",
      target: requestTarget(id),
      outcome: "written",
      detail: { recipients: sent.value.recipients, campaignId: sent.value.campaign.id, ...progress.counts },
    });
  return ok(sent.value);
}
