// A form's export sent to the bot: told apart from other spreadsheets by its header (a
// timestamp column and a token column), kept like any upload (so a restart loses nothing),
// then the sender picks the survey with a button, sees the preview, and Import writes it.
import { can, fail, looksLikeResponses, type Outcome, ok, problem } from "../../../core/index.ts";
import { listSurveys, type StoredSurvey } from "../../../prisma/store/surveys.ts";
import { cancelUpload, claimUpload, findUpload, saveUpload, settleUpload } from "../../../prisma/store/uploads.ts";
import type { Sender } from "../delivery/audience.ts";
import type { AppDeps } from "../deps.ts";
import { readImportBytes } from "../imports/read-file.ts";
import { UPLOAD_TTL_MS } from "../imports/upload-file.ts";
import { surveyFor } from "./access.ts";
import { importResponses, type ResponsesPreview } from "./survey-responses.ts";

export const RESPONSES_KIND = "surveyResponses";
const ABANDONED_MS = 10 * 60 * 1000;

/** Whether these bytes are a form's response export (read once more on import). */
export async function isResponsesFile(bytes: Uint8Array): Promise<boolean> {
  const read = await readImportBytes(bytes);
  if ("code" in read) return false;
  return looksLikeResponses(
    read.table.header,
    read.table.records.map((r) => r.values),
  );
}

export interface HeldResponses {
  uploadId: number;
  /** the surveys the sender may import into, newest first */
  surveys: StoredSurvey[];
}

/** Keeps the file for the sender and lists the surveys it may be for. */
export async function holdResponsesFile(
  deps: AppDeps,
  sender: Sender & { telegramId: string },
  file: { fileName: string; bytes: Uint8Array },
): Promise<Outcome<HeldResponses>> {
  if (!can(sender.access, "importFiles")) return fail(problem("importForbidden"));
  const read = await readImportBytes(file.bytes);
  if ("code" in read) return fail(problem(read.code, read.params));
  const surveys: StoredSurvey[] = [];
  for (const s of await listSurveys(deps.db, sender.institutionId, { take: 8 }))
    if ((await surveyFor(deps.db, sender, s.id)).ok) surveys.push(s);
  const now = deps.now();
  const row = await saveUpload(
    deps.db,
    {
      institutionId: sender.institutionId,
      telegramId: sender.telegramId,
      fileName: file.fileName,
      sha256: read.sha256,
      kind: RESPONSES_KIND,
      bytes: file.bytes,
    },
    now,
    new Date(now.getTime() - UPLOAD_TTL_MS),
  );
  return ok({ uploadId: row.id, surveys });
}

export interface HeldRef {
  telegramId: string;
  uploadId: number;
  surveyId: number;
}

/** The held file previewed against a survey, or (write) imported into it once. */
export async function importHeldResponses(
  deps: AppDeps,
  sender: Sender,
  ref: HeldRef,
  options: { timeZone: string; write: boolean },
): Promise<Outcome<ResponsesPreview>> {
  const now = deps.now();
  const row = await findUpload(deps.db, ref.uploadId, ref.telegramId, new Date(now.getTime() - UPLOAD_TTL_MS));
  if (!row || row.kind !== RESPONSES_KIND || row.status !== "pending") return fail(problem("surveyResponsesGone"));
  const input = { surveyId: ref.surveyId, bytes: new Uint8Array(row.bytes), timeZone: options.timeZone };
  if (!options.write) return importResponses(deps, sender, { ...input, write: false });
  if (!(await claimUpload(deps.db, row.id, now, new Date(now.getTime() - ABANDONED_MS))))
    return fail(problem("surveyResponsesGone"));
  const r = await importResponses(deps, sender, { ...input, write: true });
  await settleUpload(deps.db, row.id, r.ok ? { importId: null } : "pending");
  return r;
}

/** Cancel: nothing of it is written; false when it was decided already. */
export async function cancelHeldResponses(deps: AppDeps, ref: Omit<HeldRef, "surveyId">): Promise<boolean> {
  const row = await findUpload(deps.db, ref.uploadId, ref.telegramId, new Date(deps.now().getTime() - UPLOAD_TTL_MS));
  return row?.kind === RESPONSES_KIND ? cancelUpload(deps.db, row.id) : false;
}
