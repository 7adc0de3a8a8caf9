// The weekly summary of accreditation reminders: every Monday at the morning hour, to the
// institution's admins (the quality department), which reminders went out in the 7 days
// before and to whom, with what became of each delivery. Nothing is sent for a quiet week.
import { z } from "zod";
import {
  addDays,
  cutList,
  formatDay,
  localDay,
  mondayOf,
  type Outcome,
  ok,
  type QuietHours,
  summaryTime,
} from "../../../core/index.ts";
import { adminTelegramIds, campaignsSent, type SentReminder } from "../../../prisma/store/accreditation-reminders.ts";
import { recordAudit } from "../../../prisma/store/audit.ts";
import { type Job, scheduleJob } from "../../../prisma/store/jobs.ts";
import { createCampaign } from "../delivery/campaigns.ts";
import { decodeMessage } from "../delivery/message.ts";
import type { AppDeps, Institution } from "../deps.ts";
import { institutionSender } from "../requests/notify.ts";

/** A summary names at most this many reminders, then "… +N" (a message holds 4096 characters). */
export const SUMMARY_MAX = 40;
const WEEK_MS = 7 * 24 * 3600 * 1000;
const LANGS = ["ky", "ru", "en"] as const;

const summaryPayload = z.object({ monday: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });
const quietOf = (i: Institution): QuietHours => ({ start: i.quietHoursStart, end: i.quietHoursEnd, timeZone: i.timeZone });
export const summaryKey = (institutionId: number, monday: string) => `accreditation-summary:${institutionId}:${monday}`;

/** The next Monday's summary job (once per week: the key is the Monday). */
export async function scheduleSummary(deps: AppDeps, institution: Institution): Promise<void> {
  const quiet = quietOf(institution);
  let monday = mondayOf(localDay(deps.now(), institution.timeZone));
  if (summaryTime(monday, quiet).getTime() <= deps.now().getTime()) monday = addDays(monday, 7);
  await scheduleJob(deps.db, {
    key: summaryKey(institution.id, monday),
    kind: "accreditation-summary",
    institutionId: institution.id,
    payload: JSON.stringify({ monday }),
    dueAt: summaryTime(monday, quiet),
    quietHours: true,
  });
}

const MARK: Record<string, string> = { sent: "✅", unreachable: "⛔", failed: "⛔", skipped: "➖" };

/** One line per reminder, in each language (the programme's own name is the only wording that differs). */
export function summaryLines(sent: readonly SentReminder[]): Record<(typeof LANGS)[number], string[]> {
  const out = { ky: [] as string[], ru: [] as string[], en: [] as string[] };
  for (const c of sent) {
    const m = decodeMessage(c.message);
    const params = m && "params" in m ? m.params : {};
    const name = params.name;
    const who = c.deliveries.map((d) => `${MARK[d.state] ?? "⏳"} ${d.name}`).join(", ");
    for (const lng of LANGS) {
      const title = typeof name === "object" && "ky" in name ? ` «${(lng === "ky" ? name.ky : name[lng]) ?? name.ky}»` : "";
      out[lng].push(`• ${String(params.code ?? "?")}${title}, ${String(params.lead ?? "?")} → ${who}`);
    }
  }
  return out;
}

export async function runSummary(deps: AppDeps, job: Job, institution: Institution): Promise<Outcome<string>> {
  const { monday } = summaryPayload.parse(JSON.parse(job.payload));
  const to = summaryTime(monday, quietOf(institution));
  const from = new Date(to.getTime() - WEEK_MS);
  const sent = await campaignsSent(deps.db, institution.id, "accreditation-reminder", from, to);
  const admins = await adminTelegramIds(deps.db, institution.id);
  const audit = async (result: string, detail: Record<string, unknown> = {}) => {
    await recordAudit(deps.db, {
      institutionId: institution.id,
      at: deps.now(),
      actor: "scheduler",
      chatId: null,
      action: "accreditation.summary",
      target: `week:${monday}`,
      outcome: "written",
      detail: { result, reminders: sent.length, ...detail },
    });
    return ok(result);
  };
  if (!sent.length) return audit("nothing");
  if (!admins.length) return audit("nobody");
  const lines = summaryLines(sent);
  const cut = (l: string[]) => {
    const { shown, more } = cutList(l, SUMMARY_MAX);
    return more ? `${shown.join("\n")}\n… +${more}` : shown.join("\n");
  };
  const r = await createCampaign(deps, {
    sender: institutionSender(institution.id),
    kind: "accreditation-summary",
    category: "requests",
    audience: { users: admins },
    message: {
      key: "accreditationBot.message.summary",
      params: {
        count: sent.length,
        from: formatDay(localDay(from, institution.timeZone)),
        to: formatDay(localDay(new Date(to.getTime() - 1), institution.timeZone)),
        lines: { ky: cut(lines.ky), ru: cut(lines.ru), en: cut(lines.en) },
      },
    },
    idempotencyKey: job.key,
    createdBy: "scheduler",
  });
  if (!r.ok) return r;
  return audit("sent", { admins, campaignId: r.value.campaign.id });
}
