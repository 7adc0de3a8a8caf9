// Accreditation expiry reminders through the scheduler (issue 10, item 4): one durable job per
// current accreditation and lead time (`accreditation:<id>:lead:<N>`), each sending one
// campaign to the programme's leader and the deans above its unit, keyed by the job's key, so
// a re-run or a restart sends once. A daily planning job (`accreditation-plan:<inst>:<day>`)
// schedules them for registries loaded by any path, and the weekly summary for the admins.
import { z } from "zod";
import {
  accreditationReminderStillDue,
  accreditationReminders,
  addDays,
  ancestorsAndSelf,
  currentAccreditations,
  DEFAULT_LEAD_MONTHS,
  daysBetween,
  formatDay,
  localDay,
  monthsLeft,
  type Outcome,
  ok,
  parseLocalDateTime,
  programmeKey,
  programmeName,
  type QuietHours,
} from "../../../core/index.ts";
import { loadAccreditations, loadProgrammes, type StoredProgramme } from "../../../prisma/store/accreditation.ts";
import {
  accreditationProgrammeId,
  institutionIds,
  leaderTelegramId,
  storedLeadMonths,
} from "../../../prisma/store/accreditation-reminders.ts";
import { recordAudit } from "../../../prisma/store/audit.ts";
import { institutionById, listUnits } from "../../../prisma/store/institutions.ts";
import { type Job, scheduleJob } from "../../../prisma/store/jobs.ts";
import { peopleOfUnits } from "../../../prisma/store/requests.ts";
import { createCampaign } from "../delivery/campaigns.ts";
import type { CampaignMessageInput } from "../delivery/message.ts";
import type { AppDeps, Institution } from "../deps.ts";
import { institutionSender } from "../requests/notify.ts";
import { runSummary, scheduleSummary } from "./accreditation-summary.ts";

export const ACCREDITATION_JOB_KINDS = ["accreditation-lead", "accreditation-plan", "accreditation-summary"] as const;
export type AccreditationJobKind = (typeof ACCREDITATION_JOB_KINDS)[number];
export const REMINDER_CAMPAIGN_KIND = "accreditation-reminder";

export function isAccreditationJob(kind: string): kind is AccreditationJobKind {
  return (ACCREDITATION_JOB_KINDS as readonly string[]).includes(kind);
}

const leadPayload = z.object({ accreditationId: z.number().int().min(1), lead: z.number().int().min(1) });
export const reminderKey = (accreditationId: number, lead: number) => `accreditation:${accreditationId}:lead:${lead}`;
const planKey = (institutionId: number, day: string) => `accreditation-plan:${institutionId}:${day}`;

/** The institution's lead months, longest first; the default until set. */
export async function leadMonthsFor(deps: Pick<AppDeps, "db">, institutionId: number): Promise<number[]> {
  return (await storedLeadMonths(deps.db, institutionId)) ?? [...DEFAULT_LEAD_MONTHS];
}

const quietOf = (i: Institution): QuietHours => ({ start: i.quietHoursStart, end: i.quietHoursEnd, timeZone: i.timeZone });

/**
 * Schedules the reminders of every current programme accreditation (idempotent: a key that
 * exists is left as it is). Called after accreditations are saved and by the daily plan.
 */
export async function scheduleAccreditationReminders(
  deps: AppDeps,
  institutionId: number,
): Promise<{ scheduled: number; kept: number }> {
  const institution = await institutionById(deps.db, institutionId);
  if (!institution) return { scheduled: 0, kept: 0 };
  const now = deps.now();
  const leads = await leadMonthsFor(deps, institutionId);
  const current = currentAccreditations(await loadAccreditations(deps.db, institutionId));
  const tally = { scheduled: 0, kept: 0 };
  for (const a of current.values()) {
    for (const r of accreditationReminders(a.expiresOn, leads, quietOf(institution), now)) {
      const { created } = await scheduleJob(deps.db, {
        key: reminderKey(a.id, r.lead),
        kind: "accreditation-lead",
        institutionId,
        payload: JSON.stringify({ accreditationId: a.id, lead: r.lead }),
        dueAt: r.at,
        quietHours: true,
      });
      tally[created ? "scheduled" : "kept"] += 1;
    }
  }
  return tally;
}

/** Today's planning job for every institution (the worker's start); each schedules the next day's. */
export async function schedulePlanning(deps: AppDeps): Promise<void> {
  for (const id of await institutionIds(deps.db)) {
    const institution = await institutionById(deps.db, id);
    if (!institution) continue;
    const day = localDay(deps.now(), institution.timeZone);
    await schedulePlan(deps, institution, day, deps.now());
  }
}

async function schedulePlan(deps: AppDeps, institution: Institution, day: string, dueAt: Date): Promise<void> {
  await scheduleJob(deps.db, {
    key: planKey(institution.id, day),
    kind: "accreditation-plan",
    institutionId: institution.id,
    payload: JSON.stringify({ day }),
    dueAt,
    quietHours: false,
  });
}

/** What a run came to: sent, or why nothing was sent. */
export type AccreditationJobResult = "sent" | "planned" | "superseded" | "late" | "dropped" | "gone" | "nobody";

export async function runAccreditationJob(deps: AppDeps, job: Job, institution: Institution): Promise<Outcome<string>> {
  if (job.kind === "accreditation-summary") return runSummary(deps, job, institution);
  if (job.kind === "accreditation-plan") {
    await scheduleAccreditationReminders(deps, institution.id);
    await scheduleSummary(deps, institution);
    // tomorrow's plan, early in the morning (before the reminders' hour)
    const tomorrow = addDays(localDay(deps.now(), institution.timeZone), 1);
    await schedulePlan(deps, institution, tomorrow, parseLocalDateTime(`${tomorrow} 06:00`, institution.timeZone) as Date);
    return ok("planned");
  }
  const result = await runLead(deps, job, institution);
  if (result.ok) await scheduleSummary(deps, institution);
  return result;
}

/** The deans whose scope unit is the programme's unit or one above it. */
async function deansOf(deps: AppDeps, institutionId: number, unit: string): Promise<string[]> {
  const units = await listUnits(deps.db, institutionId);
  const chain = ancestorsAndSelf(units, unit);
  const ids = units.filter((u) => chain.includes(u.code)).map((u) => u.id);
  return (await peopleOfUnits(deps.db, institutionId, "dean", ids)).map((d) => d.telegramId);
}

export function reminderMessage(
  programme: StoredProgramme,
  a: { agencyName: string; expiresOn: string },
  today: string,
  lead: number,
): CampaignMessageInput {
  return {
    key: "accreditationBot.message.reminder",
    params: {
      code: programme.code,
      name: {
        ky: programmeName(programme, "ky"),
        ru: programmeName(programme, "ru"),
        en: programmeName(programme, "en"),
      },
      level: { t: [`accreditationBot.level.${programme.level}`] },
      agency: a.agencyName,
      expires: formatDay(a.expiresOn),
      count: daysBetween(today, a.expiresOn),
      months: monthsLeft(today, a.expiresOn),
      lead,
    },
  };
}

async function runLead(deps: AppDeps, job: Job, institution: Institution): Promise<Outcome<AccreditationJobResult>> {
  const { accreditationId, lead } = leadPayload.parse(JSON.parse(job.payload));
  const now = deps.now();
  const record = async (result: AccreditationJobResult, detail: Record<string, unknown> = {}) => {
    await recordAudit(deps.db, {
      institutionId: institution.id,
      at: now,
      actor: "scheduler",
      chatId: null,
      action: "accreditation.remind",
      target: `accreditation:${accreditationId}`,
      outcome: "written",
      detail: { lead, result, ...detail },
    });
    return ok(result);
  };
  const programmeId = await accreditationProgrammeId(deps.db, institution.id, accreditationId);
  const programme = programmeId ? (await loadProgrammes(deps.db, institution.id)).find((p) => p.id === programmeId) : undefined;
  if (!programme) return record("gone");
  const decisions = await loadAccreditations(deps.db, institution.id, { programmeIds: [programme.id] });
  const current = currentAccreditations(decisions).get(programmeKey(programme));
  if (!current || current.id !== accreditationId) return record("superseded", { current: current?.id ?? null });
  const leads = await leadMonthsFor(deps, institution.id);
  // a lead time the institution has since dropped sends nothing
  if (!leads.includes(lead)) return record("dropped");
  if (!accreditationReminderStillDue(current.expiresOn, lead, leads, quietOf(institution), now)) return record("late");
  const leader = await leaderTelegramId(deps.db, institution.id, programme.leaderUserId);
  const recipients = [...new Set([...(leader ? [leader] : []), ...(await deansOf(deps, institution.id, programme.unit))])];
  if (!recipients.length) return record("nobody", { programme: programme.code });
  const message = reminderMessage(programme, current, localDay(now, institution.timeZone), lead);
  const r = await createCampaign(deps, {
    sender: institutionSender(institution.id),
    kind: REMINDER_CAMPAIGN_KIND,
    category: "requests",
    audience: { users: recipients },
    message,
    idempotencyKey: job.key,
    createdBy: "scheduler",
  });
  if (!r.ok) return r;
  return record("sent", {
    programme: `${programme.level}:${programme.code}`,
    recipients,
    campaignId: r.value.campaign.id,
    created: r.value.created,
  });
}
