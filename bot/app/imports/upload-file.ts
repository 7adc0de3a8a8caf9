// A spreadsheet sent to the bot: who may send one (the quality department for the whole
// institution, a dean or head for his unit), what it is (from its header), a preview of what
// it would change — new, corrected, unchanged — and nothing written before Confirm, which
// writes exactly the previewed bytes (kept in the database, so a restart loses nothing).
import { can, effectiveScope, type Form, fail, type Outcome, ok, problem, type Scope, type Term } from "../../../core/index.ts";
import type { WriteTally } from "../../../prisma/store/db.ts";
import type { FigureMetric } from "../../../prisma/store/published.ts";
import {
  cancelUpload,
  claimUpload,
  findUpload,
  saveUpload,
  settleUpload,
  setUploadFigures,
  type UploadRow,
} from "../../../prisma/store/uploads.ts";
import type { ImportIssue } from "../../io/table.ts";
import type { Actor, AppDeps, Institution } from "../deps.ts";
import { type ReviewResult, summarizeReviewFile } from "../reviews/review-summary.ts";
import { type ImportKind, type ImportOutcome, importFile } from "./import-file.ts";
import type { WritePreview } from "./preview.ts";
import { readImportBytes } from "./read-file.ts";
import { importRosterFile, type RosterOutcome, type RosterPreview } from "./roster-import.ts";
import { tableKind } from "./table-kinds.ts";
import {
  authorizePlanSender,
  confirmPlanOrRegistry,
  isRegistryKind,
  type PlanRegistryStep,
  type PlanRegistryWritten,
  previewPlanOrRegistry,
} from "./upload-plan-registry.ts";

/** A preview older than this is not confirmed: send the file again. */
export const UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;
/** A write still going after this was cut off (an import transaction ends within two minutes). */
const ABANDONED_MS = 10 * 60 * 1000;

/** What a figures file's percentages may be; a button offers each. */
export const FIGURE_CHOICES: readonly { metric: FigureMetric; term?: Term; form?: Form }[] = [
  { metric: "practice" },
  { metric: "absolute", term: "spring", form: "full-time" },
  { metric: "absolute", term: "spring", form: "part-time" },
  { metric: "absolute", term: "autumn", form: "full-time" },
  { metric: "absolute", term: "autumn", form: "part-time" },
  { metric: "absolute" },
];

export interface UploadRef {
  telegramId: string;
  uploadId: number;
}

/** What the bot shows after a file or a choice: a question, a preview, or why not. */
export type UploadStep =
  | { status: "rejected"; fileName: string; issues: ImportIssue[] }
  | { status: "chooseFigures"; uploadId: number; fileName: string }
  | {
      status: "preview";
      uploadId: number;
      fileName: string;
      kind: ImportKind;
      read: number;
      /** corrections need the token back with Confirm; null for the units file */
      preview: WritePreview | null;
      /** the units file: how many units would be new, updated, unchanged */
      units: WriteTally | null;
    }
  /** the student roster: new students, moved ones (with the token Write must carry), missing ones */
  | { status: "roster"; uploadId: number; fileName: string; read: number; roster: RosterPreview }
  /** an action plan or a registry file (upload-plan-registry.ts) */
  | PlanRegistryStep;

export type ConfirmStep =
  | { status: "written"; kind: ImportKind; tally: WriteTally }
  | { status: "rosterWritten"; roster: RosterPreview }
  | PlanRegistryWritten
  /** pressed again, or written by another press */
  | { status: "already" }
  /** stored figures changed since the preview: a new preview, nothing written */
  | UploadStep;

interface Importer {
  institution: Institution;
  scope: Scope;
}

/** Who may send a file of this kind: a plan, whoever makes plans; any other, importers. */
function authorizeKind(actor: Actor, kind: string): Outcome<Importer> {
  if (kind !== "plan") return authorizeImport(actor);
  const inst = authorizePlanSender(actor);
  if (!inst.ok || !actor.access) return inst.ok ? fail(problem("needInvite")) : inst;
  return ok({ institution: inst.value, scope: effectiveScope(actor.access) });
}

/** Who may send files: bound admins, deans and heads (leaders and students only read). */
export function authorizeImport(actor: Actor): Outcome<Importer> {
  const { access, institution } = actor;
  if (!access || !institution) return fail(problem("needInvite"));
  if (!can(access, "importFiles")) return fail(problem("importForbidden"));
  return ok({ institution, scope: effectiveScope(access) });
}

const since = (deps: AppDeps) => new Date(deps.now().getTime() - UPLOAD_TTL_MS);

/** Who may send a file at all: importers, and whoever sees figures (a review is summarised for them). */
export function authorizeFileSender(actor: Actor): Outcome<true> {
  const { access, institution } = actor;
  if (!access || !institution) return fail(problem("needInvite"));
  if (!can(access, "importFiles") && !can(access, "viewFigures")) return fail(problem("importForbidden"));
  return ok(true);
}

/** A review file's summary: nothing is stored, the answer is the summary (or why not). */
export type ReviewUpload = { status: "review"; fileName: string; result: ReviewResult };

export async function receiveUpload(
  deps: AppDeps,
  actor: Actor,
  file: { telegramId: string; fileName: string; bytes: Uint8Array },
): Promise<Outcome<UploadStep | ReviewUpload>> {
  const sender = authorizeFileSender(actor);
  if (!sender.ok) return sender;
  const read = await readImportBytes(file.bytes);
  const kind = "code" in read ? null : tableKind(read.table.header);
  if (kind === "review") {
    const r = await summarizeReviewFile(deps, actor, { bytes: file.bytes });
    return r.ok ? ok({ status: "review" as const, fileName: file.fileName, result: r.value }) : r;
  }
  const who = authorizeKind(actor, kind ?? "");
  if (!who.ok) return who;
  const rejected = (issues: ImportIssue[]) => ok({ status: "rejected" as const, fileName: file.fileName, issues });
  if ("code" in read) return rejected([read]);
  if (!kind)
    return rejected([{ line: read.table.headerLine, code: "unknownTable", params: { columns: read.table.header.join(", ") } }]);
  const upload = await saveUpload(
    deps.db,
    {
      institutionId: who.value.institution.id,
      telegramId: file.telegramId,
      fileName: file.fileName,
      sha256: read.sha256,
      kind,
      bytes: file.bytes,
    },
    deps.now(),
    since(deps),
  );
  if (kind === "figures") return ok({ status: "chooseFigures", uploadId: upload.id, fileName: file.fileName });
  if (kind === "roster") return ok(await rosterPreview(deps, who.value, upload));
  if (kind === "plan" || isRegistryKind(kind)) return ok(await previewPlanOrRegistry(deps, actor, who.value.scope, upload));
  return ok(await preview(deps, who.value, upload));
}

/** A figures file's percentages named by a button; then its preview. */
export async function chooseFigures(deps: AppDeps, actor: Actor, ref: UploadRef, choice: number): Promise<Outcome<UploadStep>> {
  const who = authorizeImport(actor);
  if (!who.ok) return who;
  const upload = await findUpload(deps.db, ref.uploadId, ref.telegramId, since(deps));
  const figures = FIGURE_CHOICES[choice];
  if (upload?.status !== "pending" || upload.kind !== "figures" || !figures) return fail(problem("uploadGone"));
  const chosen = { metric: figures.metric, term: figures.term ?? null, form: figures.form ?? null };
  if (!(await setUploadFigures(deps.db, upload.id, chosen))) return fail(problem("uploadGone"));
  return ok(await preview(deps, who.value, { ...upload, ...chosen }));
}

function run(deps: AppDeps, who: Importer, u: UploadRow, write: { confirm?: string | true; previewOnly?: true }) {
  return importFile(deps.db, {
    kind: u.kind as ImportKind,
    file: u.fileName,
    bytes: u.bytes,
    institutionId: who.institution.id,
    enteredBy: `telegram:${u.telegramId}`,
    scope: who.scope,
    ...(u.metric ? { metric: u.metric as FigureMetric } : {}),
    ...(u.term ? { term: u.term as Term } : {}),
    ...(u.form ? { form: u.form as Form } : {}),
    ...write,
  });
}

function stepOf(u: UploadRow, o: ImportOutcome): UploadStep {
  if (o.status === "rejected") return { status: "rejected", fileName: u.fileName, issues: o.issues };
  const head = { status: "preview" as const, uploadId: u.id, fileName: u.fileName, kind: u.kind as ImportKind, read: o.read };
  if ("kind" in o) return { ...head, preview: null, units: o.tally };
  if (o.status === "written") throw new Error("a preview wrote"); // previewOnly never writes
  return { ...head, preview: o.preview, units: null };
}

/** The roster speaks for the institution: a dean's or head's is refused like a units file. */
function runRoster(deps: AppDeps, who: Importer, u: UploadRow, write: { confirm?: string; previewOnly?: true }) {
  if (who.scope.kind !== "institution")
    return Promise.resolve<RosterOutcome>({
      status: "rejected",
      file: u.fileName,
      issues: [{ line: 0, code: "importNeedsInstitution", params: { scope: who.scope.unit } }],
    });
  return importRosterFile(deps.db, {
    file: u.fileName,
    bytes: u.bytes,
    institutionId: who.institution.id,
    enteredBy: `telegram:${u.telegramId}`,
    now: deps.now(),
    ...write,
  });
}

const rosterStep = (u: UploadRow, o: RosterOutcome): UploadStep =>
  o.status === "rejected"
    ? { status: "rejected", fileName: u.fileName, issues: o.issues }
    : { status: "roster", uploadId: u.id, fileName: u.fileName, read: o.read, roster: o.roster };

async function rosterPreview(deps: AppDeps, who: Importer, u: UploadRow): Promise<UploadStep> {
  const step = rosterStep(u, await runRoster(deps, who, u, { previewOnly: true }));
  if (step.status === "rejected") await cancelUpload(deps.db, u.id);
  return step;
}

async function preview(deps: AppDeps, who: Importer, u: UploadRow): Promise<UploadStep> {
  const step = stepOf(u, await run(deps, who, u, { previewOnly: true }));
  // a refused file has no Write button: it waits for nothing
  if (step.status === "rejected") await cancelUpload(deps.db, u.id);
  return step;
}

/**
 * Writes the previewed file: the upload is claimed first, so a second press writes nothing;
 * corrections go through only while stored figures are as previewed (the token), else the
 * new preview comes back and the upload waits again.
 */
export async function confirmUpload(
  deps: AppDeps,
  actor: Actor,
  ref: UploadRef,
  token: string | null,
): Promise<Outcome<ConfirmStep>> {
  const sender = authorizeFileSender(actor);
  if (!sender.ok) return sender;
  const upload = await findUpload(deps.db, ref.uploadId, ref.telegramId, since(deps));
  if (!upload || upload.status === "cancelled") return fail(problem("uploadGone"));
  const who = authorizeKind(actor, upload.kind);
  if (!who.ok) return who;
  if (upload.kind === "figures" && !upload.metric) return fail(problem("uploadGone"));
  const now = deps.now();
  if (!(await claimUpload(deps.db, upload.id, now, new Date(now.getTime() - ABANDONED_MS)))) return ok({ status: "already" });
  if (upload.kind === "roster") return ok(await confirmRoster(deps, who.value, upload, token));
  if (upload.kind === "plan" || isRegistryKind(upload.kind))
    return ok(await confirmPlanOrRegistry(deps, actor, who.value.scope, upload, token));
  let outcome: ImportOutcome;
  try {
    outcome = await run(deps, who.value, upload, token ? { confirm: token } : {});
  } catch (e) {
    await settleUpload(deps.db, upload.id, "pending");
    throw e;
  }
  if (outcome.status !== "written") {
    await settleUpload(deps.db, upload.id, "pending");
    return ok(stepOf(upload, outcome));
  }
  await settleUpload(deps.db, upload.id, { importId: "importId" in outcome.tally ? (outcome.tally.importId as number) : null });
  return ok({ status: "written", kind: upload.kind as ImportKind, tally: outcome.tally });
}

/** The roster's Write: new students, and the moves the preview showed (its token). */
async function confirmRoster(deps: AppDeps, who: Importer, upload: UploadRow, token: string | null): Promise<ConfirmStep> {
  let outcome: RosterOutcome;
  try {
    outcome = await runRoster(deps, who, upload, token ? { confirm: token } : {});
  } catch (e) {
    await settleUpload(deps.db, upload.id, "pending");
    throw e;
  }
  if (outcome.status !== "written") {
    await settleUpload(deps.db, upload.id, "pending");
    return rosterStep(upload, outcome);
  }
  await settleUpload(deps.db, upload.id, { importId: outcome.importId });
  return { status: "rosterWritten", roster: outcome.roster };
}

export async function cancelUploadFile(deps: AppDeps, actor: Actor, ref: UploadRef): Promise<Outcome<"cancelled" | "already">> {
  // only the sender's own upload is found: a leader cancels his plan file too
  const who = authorizeFileSender(actor);
  if (!who.ok) return who;
  const upload = await findUpload(deps.db, ref.uploadId, ref.telegramId, since(deps));
  if (!upload) return fail(problem("uploadGone"));
  return ok((await cancelUpload(deps.db, upload.id)) ? "cancelled" : "already");
}
