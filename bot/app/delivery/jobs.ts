// Scheduled work: a job per key, due at a time, run once by whichever worker claims it.
// Reminders wait out the institution's quiet hours, both when they are scheduled and
// when they come due (a worker that was down all night does not send at 23:00).
import { z } from "zod";
import {
  afterQuietHours,
  INSTITUTION_ACCESS,
  isQuiet,
  NOTICE_CATEGORIES,
  type Outcome,
  ok,
  type QuietHours,
} from "../../../core/index.ts";
import type { Institution } from "../../../prisma/generated/client.ts";
import { claimDueJobs } from "../../../prisma/store/claims.ts";
import { institutionById } from "../../../prisma/store/institutions.ts";
import { finishJob, type Job, scheduleJob } from "../../../prisma/store/jobs.ts";
import { identify } from "../access/identify.ts";
import { isAccreditationJob, runAccreditationJob } from "../accreditation/accreditation-reminders.ts";
import type { AppDeps, Db } from "../deps.ts";
import { isPlanJob, runPlanJob } from "../plans/plan-jobs.ts";
import { isRequestJob, runRequestJob } from "../requests/request-jobs.ts";
import { isSurveyJob, runSurveyJob } from "../surveys/survey-jobs.ts";
import { audienceSchema, type Sender } from "./audience.ts";
import { type CreatedCampaign, createCampaign } from "./campaigns.ts";
import { campaignMessage } from "./message.ts";

export type { Job };

export function quietHoursOf(institution: Institution): QuietHours {
  return { start: institution.quietHoursStart, end: institution.quietHoursEnd, timeZone: institution.timeZone };
}

/** A campaign created when the job comes due. */
const campaignPayload = z.object({
  kind: z.string().min(1),
  category: z.enum(NOTICE_CATEGORIES),
  audience: audienceSchema,
  message: campaignMessage,
  /** whose scope the audience is checked in at run time; absent = the institution (system reminders) */
  as: z.string().optional(),
});
export type CampaignJob = z.input<typeof campaignPayload>;

export interface ScheduledJob {
  job: Job;
  created: boolean;
}

/** Schedules a campaign under `key` (once: the same key again returns the first job). */
export async function scheduleCampaign(
  deps: AppDeps,
  input: { key: string; institution: Institution; dueAt: Date; quietHours: boolean; campaign: CampaignJob },
): Promise<ScheduledJob> {
  const dueAt = input.quietHours ? afterQuietHours(input.dueAt, quietHoursOf(input.institution)) : input.dueAt;
  return scheduleJob(deps.db, {
    key: input.key,
    kind: "campaign",
    institutionId: input.institution.id,
    payload: JSON.stringify(campaignPayload.parse(input.campaign)),
    dueAt,
    quietHours: input.quietHours,
  });
}

/** Who a scheduled campaign is sent as: the person who scheduled it, else the institution. */
async function senderOf(db: Db, institution: Institution, as: string | undefined): Promise<Sender | null> {
  if (!as) return { access: INSTITUTION_ACCESS, institutionId: institution.id };
  const who = await identify(db, as);
  return who.access && who.institution?.id === institution.id ? { access: who.access, institutionId: institution.id } : null;
}

async function runCampaignJob(deps: AppDeps, job: Job, institution: Institution): Promise<Outcome<CreatedCampaign | null>> {
  const payload = campaignPayload.parse(JSON.parse(job.payload));
  const sender = await senderOf(deps.db, institution, payload.as);
  if (!sender) return ok(null);
  return createCampaign(deps, {
    sender,
    kind: payload.kind,
    category: payload.category,
    audience: payload.audience,
    message: payload.message,
    idempotencyKey: `job:${job.key}`,
    createdBy: payload.as ?? "scheduler",
  });
}

export interface JobRun {
  key: string;
  result: "done" | "deferred" | "failed";
  error?: string;
}

/** Claims and runs what is due; returns what each claimed job came to. */
export async function runDueJobs(deps: AppDeps, owner: string, leaseMs = 60_000): Promise<JobRun[]> {
  const now = deps.now();
  const jobs = await claimDueJobs(deps.db, owner, now, leaseMs, 20);
  const runs: JobRun[] = [];
  for (const job of jobs) {
    try {
      const inst = job.institutionId ? await institutionById(deps.db, job.institutionId) : null;
      if (!inst) throw new Error("the job's institution is gone");
      const quiet = quietHoursOf(inst);
      if (job.quietHours && isQuiet(now, quiet)) {
        await finishJob(deps.db, job.id, owner, { state: "due", dueAt: afterQuietHours(now, quiet) });
        runs.push({ key: job.key, result: "deferred" });
        continue;
      }
      const r =
        job.kind === "campaign"
          ? await runCampaignJob(deps, job, inst)
          : isRequestJob(job.kind)
            ? await runRequestJob(deps, job, inst, quiet)
            : isPlanJob(job.kind)
              ? await runPlanJob(deps, job, inst, quiet)
              : isSurveyJob(job.kind)
                ? await runSurveyJob(deps, job, inst, quiet)
                : isAccreditationJob(job.kind)
                  ? await runAccreditationJob(deps, job, inst)
                  : null;
      if (!r) throw new Error(`no handler for jobs of kind ${job.kind}`);
      const error = !r.ok ? r.problem.code : r.value === null ? "senderRevoked" : undefined;
      await finishJob(deps.db, job.id, owner, { state: error ? "failed" : "done", at: deps.now(), error });
      runs.push({ key: job.key, result: error ? "failed" : "done", error });
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      await finishJob(deps.db, job.id, owner, { state: "failed", at: deps.now(), error });
      runs.push({ key: job.key, result: "failed", error });
    }
  }
  return runs;
}
