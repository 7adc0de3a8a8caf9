// The institution's reminder lead times (`sapat accreditation reminders [--leads 12,6,3,1]`):
// shown, or checked, stored and planned at once; and the reminders scheduled so far.
import { z } from "zod";
import { type Outcome, ok, parseLeadMonths } from "../../../core/index.ts";
import { pendingReminderJobs, putLeadMonths, storedLeadMonths } from "../../../prisma/store/accreditation-reminders.ts";
import { recordAudit } from "../../../prisma/store/audit.ts";
import type { AppDeps } from "../deps.ts";
import { leadMonthsFor, scheduleAccreditationReminders } from "./accreditation-reminders.ts";

export interface ReminderPlan {
  leads: number[];
  /** true while the institution has not set its own */
  isDefault: boolean;
  /** reminders newly scheduled by this call */
  scheduled: number;
  pending: { key: string; at: Date; accreditationId: number; lead: number }[];
}

const payload = z.object({ accreditationId: z.number().int(), lead: z.number().int() });

export async function reminderPlan(
  deps: AppDeps,
  institutionId: number,
  change?: { leads: string; actor: string },
): Promise<Outcome<ReminderPlan>> {
  if (change) {
    const parsed = parseLeadMonths(change.leads);
    if (!parsed.ok) return { ok: false, problem: parsed.problem };
    const before = await leadMonthsFor(deps, institutionId);
    await putLeadMonths(deps.db, institutionId, parsed.months);
    await recordAudit(deps.db, {
      institutionId,
      at: deps.now(),
      actor: change.actor,
      chatId: null,
      action: "accreditation.leads",
      target: "setting:accreditation.leadMonths",
      outcome: "written",
      detail: { leads: parsed.months, previous: before },
    });
  }
  // planning here too: a changed lead list gets its new jobs now, not at tomorrow's plan
  const { scheduled } = await scheduleAccreditationReminders(deps, institutionId);
  const stored = await storedLeadMonths(deps.db, institutionId);
  const jobs = await pendingReminderJobs(deps.db, institutionId, "accreditation-lead");
  const leads = await leadMonthsFor(deps, institutionId);
  return ok({
    leads,
    isDefault: stored === null,
    scheduled,
    // a job for a lead since dropped stays in the table but sends nothing: not listed
    pending: jobs
      .map((j) => ({ key: j.key, at: j.dueAt, ...payload.parse(JSON.parse(j.payload)) }))
      .filter((p) => leads.includes(p.lead)),
  });
}
