// A request's messages through the delivery engine (category "requests", which nobody can
// switch off): the request to the heads who have not answered, reminders to them, and the
// overdue lists. Each under an idempotency key, so a re-run job or a double press sends once.
import { daysBetween, deadlineDay, INSTITUTION_ACCESS, localDay, type Outcome, ok } from "../../../core/index.ts";
import type { StoredRequest } from "../../../prisma/store/requests.ts";
import type { Sender } from "../delivery/audience.ts";
import { type CreatedCampaign, createCampaign } from "../delivery/campaigns.ts";
import type { CampaignMessageInput } from "../delivery/message.ts";
import type { AppDeps, Institution } from "../deps.ts";
import { notAnswered, type RequestProgress, requestProgress } from "./progress.ts";
import { noticeMessage, reminderMessage } from "./request-messages.ts";

/** Scheduled messages go out as the institution: a requester who left does not stop them. */
export const institutionSender = (institutionId: number): Sender => ({ access: INSTITUTION_ACCESS, institutionId });

export interface SendAs {
  sender: Sender;
  /** a Telegram id, 'cli' or 'scheduler' */
  createdBy: string;
  /** the message the worker edits into the delivery report */
  progress?: { chatId: string; messageId: number };
}

/** One campaign to these people; null when there is nobody to send to. */
export async function sendTo(
  deps: AppDeps,
  telegramIds: readonly string[],
  kind: string,
  message: CampaignMessageInput,
  key: string,
  as: SendAs,
): Promise<Outcome<CreatedCampaign | null>> {
  if (!telegramIds.length) return ok(null);
  return createCampaign(deps, {
    sender: as.sender,
    kind,
    category: "requests",
    audience: { users: [...telegramIds] },
    message,
    idempotencyKey: key,
    createdBy: as.createdBy,
    ...(as.progress ? { progress: as.progress } : {}),
  });
}

/** The request itself, to the heads of the units that have not answered yet. */
export async function sendNotice(
  deps: AppDeps,
  request: StoredRequest,
  institution: Institution,
  as: SendAs,
): Promise<Outcome<CreatedCampaign | null>> {
  const heads = notAnswered(await requestProgress(deps.db, request, deps.now()));
  const ids = heads.map((h) => h.telegramId);
  return sendTo(deps, ids, "request", noticeMessage(request, institution.timeZone), `request:${request.id}:notice`, as);
}

/** Days from today to the deadline day where the institution is (0: today, negative: passed). */
export function daysLeft(request: StoredRequest, institution: Institution, now: Date): number {
  const tz = institution.timeZone;
  return daysBetween(localDay(now, tz), deadlineDay(request.deadline, tz));
}

/** A reminder to the heads who have not answered, under `key`. */
export async function sendReminder(
  deps: AppDeps,
  request: StoredRequest,
  institution: Institution,
  progress: RequestProgress,
  key: string,
  as: SendAs,
): Promise<Outcome<CreatedCampaign | null>> {
  const ids = notAnswered(progress).map((h) => h.telegramId);
  const message = reminderMessage(request, institution.timeZone, daysLeft(request, institution, deps.now()));
  return sendTo(deps, ids, "request-reminder", message, key, as);
}
