// What heads, deans and requesters are sent about a request: locale keys with parameters,
// rendered in each recipient's language by the sender (kinds, terms and stages too), and the
// button that opens the entry dialogue.
import { cutList, deadlineDay, entryData, formatDay, type RequestWhat } from "../../../core/index.ts";
import type { StoredRequest } from "../../../prisma/store/requests.ts";
import type { CampaignMessageInput, MessageParam } from "../delivery/message.ts";

/** An overdue list names at most this many units, then "… +N". */
export const OVERDUE_LIST_MAX = 60;

/** What is asked, as message parameters. */
export function whatParams(what: RequestWhat): Record<string, MessageParam> {
  if (what.subject === "practice") return { year: what.year, kinds: { t: what.kinds.map((k) => `practice.kind.${k}`) } };
  return {
    year: what.year,
    term: { t: [`common.term.${what.term}`] },
    stage: { t: [`common.stage.${what.stage}`] },
    form: { t: [`common.form.${what.form ?? "all"}`] },
  };
}

/** The deadline day as users write it: "25.09.2026". */
export function deadlineText(request: StoredRequest, timeZone: string): string {
  return formatDay(deadlineDay(request.deadline, timeZone));
}

const enterButton = (what: RequestWhat) => [[{ label: { key: "requests.message.enter" }, data: entryData(what) }]];

/** The request itself, to the heads who have to answer it. */
export function noticeMessage(request: StoredRequest, timeZone: string): CampaignMessageInput {
  return {
    key: `requests.message.notice.${request.what.subject}`,
    params: { ...whatParams(request.what), id: request.id, deadline: deadlineText(request, timeZone) },
    buttons: enterButton(request.what),
  };
}

/** A reminder to those who have not answered: days left, today, or the deadline already passed. */
export function reminderMessage(request: StoredRequest, timeZone: string, daysLeft: number): CampaignMessageInput {
  const { subject } = request.what;
  const key =
    daysLeft > 0
      ? `requests.message.reminder.${subject}`
      : daysLeft === 0
        ? `requests.message.reminderToday.${subject}`
        : `requests.message.reminderLate.${subject}`;
  return {
    key,
    params: { ...whatParams(request.what), id: request.id, deadline: deadlineText(request, timeZone), count: daysLeft },
    buttons: enterButton(request.what),
  };
}

/** The units that missed the deadline, to a dean (his units) or the requester (all of them). */
export function overdueMessage(
  request: StoredRequest,
  timeZone: string,
  units: readonly string[],
  total: number,
): CampaignMessageInput {
  const { shown, more } = cutList(units, OVERDUE_LIST_MAX);
  return {
    key: `requests.message.overdue.${request.what.subject}`,
    params: {
      ...whatParams(request.what),
      id: request.id,
      deadline: deadlineText(request, timeZone),
      count: units.length,
      total,
      units: more ? `${shown.join(", ")} … +${more}` : shown.join(", "),
    },
  };
}
