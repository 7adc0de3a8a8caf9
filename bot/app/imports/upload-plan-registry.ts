// Action-plan and registry files sent to the bot: the same preview as `sapat plan import` and
// `sapat import programmes|…`, and Write re-reads the kept bytes. A plan comes from whoever
// makes plans (admins, leaders, deans within their faculty: the plan use case checks); a
// registry file speaks for the institution, so a dean's or head's is refused like a units file.
import { createHash } from "node:crypto";
import path from "node:path";
import { fail, type Outcome, ok, problem, type Scope } from "../../../core/index.ts";
import { cancelUpload, settleUpload, type UploadRow } from "../../../prisma/store/uploads.ts";
import type { ImportIssue } from "../../io/table.ts";
import { scheduleAccreditationReminders } from "../accreditation/accreditation-reminders.ts";
import {
  importRegistryFile,
  REGISTRY_KINDS,
  type RegistryImportKind,
  type RegistryImportOutcome,
} from "../accreditation/registry-import.ts";
import type { Actor, AppDeps, Institution } from "../deps.ts";
import { importPlanFile, type PlanPreview } from "../plans/create-plan.ts";
import { mayCreatePlans, type PlanActor } from "../plans/plan-people.ts";

type Rejected = { status: "rejected"; fileName: string; issues: ImportIssue[] };
export type RegistryPreview = Extract<RegistryImportOutcome, { read: number }>;

export type PlanRegistryStep =
  | { status: "plan"; uploadId: number; fileName: string; preview: PlanPreview }
  /** the token is the preview's fingerprint: Write goes through only while the file would still do this */
  | { status: "registry"; uploadId: number; fileName: string; outcome: RegistryPreview; token: string };

export type PlanRegistryWritten =
  | { status: "planWritten"; planId: number; items: number }
  | { status: "registryWritten"; outcome: RegistryPreview };

export const isRegistryKind = (kind: string): kind is RegistryImportKind => (REGISTRY_KINDS as readonly string[]).includes(kind);

/** The plan's title: the file's name without its extension, as the CLI names it. */
export const planTitle = (fileName: string) => path.basename(fileName).replace(/\.[^.]+$/u, "") || fileName;

function planActor(actor: Actor, telegramId: string): PlanActor | null {
  if (!actor.access || !actor.institution) return null;
  return { access: actor.access, institutionId: actor.institution.id, telegramId, chatId: telegramId, actor: telegramId };
}

/** Who may send a plan file: whoever makes plans (leaders too, who import nothing else). */
export function authorizePlanSender(actor: Actor): Outcome<Institution> {
  const who = planActor(actor, "");
  if (!who || !actor.institution) return fail(problem("needInvite"));
  return mayCreatePlans(who) ? ok(actor.institution) : fail(problem("planForbidden"));
}

const rejected = (u: UploadRow, issues: ImportIssue[]): Rejected => ({ status: "rejected", fileName: u.fileName, issues });

async function runPlan(deps: AppDeps, actor: Actor, u: UploadRow, yes: boolean) {
  const who = planActor(actor, u.telegramId) as PlanActor;
  const r = await importPlanFile(deps, who, u.bytes, { title: planTitle(u.fileName) }, yes);
  // a file sent to the bot has no --controller option to point to: only its column
  if (!r.ok) r.issues = r.issues.map((i) => (i.code === "planNoController" ? { ...i, code: "planNoControllerColumn" } : i));
  return r;
}

function runRegistry(deps: AppDeps, scope: Scope, u: UploadRow, write: { previewOnly?: true; confirm?: true }) {
  if (scope.kind !== "institution")
    return Promise.resolve<RegistryImportOutcome>({
      status: "rejected",
      file: u.fileName,
      issues: [{ line: 0, code: "importNeedsInstitution", params: { scope: scope.unit } }],
    });
  return importRegistryFile(deps.db, {
    kind: u.kind as RegistryImportKind,
    file: u.fileName,
    bytes: u.bytes,
    institutionId: u.institutionId,
    enteredBy: `telegram:${u.telegramId}`,
    at: deps.now(),
    ...write,
  });
}

const fingerprint = (o: RegistryPreview) =>
  createHash("sha256")
    .update(JSON.stringify([o.added, o.changed, o.unchanged, o.newAgencies]))
    .digest("hex")
    .slice(0, 16);

function registryStep(u: UploadRow, o: RegistryImportOutcome): Rejected | PlanRegistryStep {
  if (o.status === "rejected") return rejected(u, o.issues);
  return { status: "registry", uploadId: u.id, fileName: u.fileName, outcome: o, token: fingerprint(o) };
}

/** The preview of a stored upload; a refused file waits for nothing. */
export async function previewPlanOrRegistry(
  deps: AppDeps,
  actor: Actor,
  scope: Scope,
  u: UploadRow,
): Promise<Rejected | PlanRegistryStep> {
  let step: Rejected | PlanRegistryStep;
  if (u.kind === "plan") {
    const r = await runPlan(deps, actor, u, false);
    step = r.ok ? { status: "plan", uploadId: u.id, fileName: u.fileName, preview: r.value.preview } : rejected(u, r.issues);
  } else step = registryStep(u, await runRegistry(deps, scope, u, { previewOnly: true }));
  if (step.status === "rejected") await cancelUpload(deps.db, u.id);
  return step;
}

/**
 * Write of a claimed upload: the kept bytes read again and written; a registry file only while
 * it would still do what its preview showed (else the new preview, nothing written). Whatever
 * is not written puts the upload back to pending.
 */
export async function confirmPlanOrRegistry(
  deps: AppDeps,
  actor: Actor,
  scope: Scope,
  u: UploadRow,
  token: string | null,
): Promise<Rejected | PlanRegistryStep | PlanRegistryWritten> {
  try {
    if (u.kind === "plan") {
      const r = await runPlan(deps, actor, u, true);
      if (!r.ok || !r.value.written) {
        await settleUpload(deps.db, u.id, "pending");
        return r.ok ? { status: "plan", uploadId: u.id, fileName: u.fileName, preview: r.value.preview } : rejected(u, r.issues);
      }
      await settleUpload(deps.db, u.id, { importId: null });
      return { status: "planWritten", planId: r.value.plan.id, items: r.value.items.length };
    }
    const now = registryStep(u, await runRegistry(deps, scope, u, { previewOnly: true }));
    if (now.status !== "registry" || now.token !== token) {
      await settleUpload(deps.db, u.id, "pending");
      return now;
    }
    const o = await runRegistry(deps, scope, u, { confirm: true });
    if (o.status !== "written") {
      await settleUpload(deps.db, u.id, "pending");
      return registryStep(u, o);
    }
    await settleUpload(deps.db, u.id, { importId: null });
    // new decisions (or leaders) get their expiry reminders now, not at the worker's next daily plan
    await scheduleAccreditationReminders(deps, u.institutionId);
    return { status: "registryWritten", outcome: o };
  } catch (e) {
    await settleUpload(deps.db, u.id, "pending");
    throw e;
  }
}
