// /announce step by step: the text, then the audience, then a preview to confirm. The draft
// lives in the database (a Campaign with status 'draft' and the step it waits on), one per
// person, so nothing typed is lost on a restart; confirming creates the campaign once
// (idempotency key "draft:<id>") whatever the number of presses, and drops the draft.
import {
  type Access,
  type Audience,
  canAnnounce,
  effectiveScope,
  fail,
  formatAudience,
  type Outcome,
  ok,
  parseAudience,
  problem,
  selectsByFilter,
} from "../../../core/index.ts";
import { type DraftRow, deleteDraft, findDraft, findDraftById, replaceDraft, updateDraft } from "../../../prisma/store/drafts.ts";
import { type CampaignCounts, campaignCounts, findCampaignByKey } from "../../../prisma/store/outbox.ts";
import type { AppDeps } from "../deps.ts";
import { resolveAudience, type Sender } from "./audience.ts";
import { type Campaign, createCampaign } from "./campaigns.ts";
import { decodeMessage, encodeMessage, MAX_TEXT } from "./message.ts";

/** A draft nobody touched for a day is abandoned: ignored, and replaced by the next one. */
export const DRAFT_TTL_MS = 24 * 60 * 60 * 1000;

export const DRAFT_STEPS = ["text", "audience", "confirm"] as const;
export type DraftStep = (typeof DRAFT_STEPS)[number];

/** Who writes: role and scope, institution, and the Telegram id the draft belongs to. */
export interface Announcer extends Sender {
  telegramId: string;
}

export interface Draft {
  id: number;
  /** what the next input is taken as */
  step: DraftStep;
  text: string | null;
  /** set once chosen (unit names already turned into codes) */
  audience: Audience | null;
  createdAt: Date;
}

const KIND = "announcement";
const CATEGORY = "announcements";

function draftOf(row: DraftRow): Draft {
  const step = (DRAFT_STEPS as readonly string[]).includes(row.draftStep ?? "") ? (row.draftStep as DraftStep) : "text";
  const message = decodeMessage(row.message);
  let audience: Audience | null = null;
  try {
    audience = JSON.parse(row.audience) as Audience | null;
  } catch {
    audience = null;
  }
  return {
    id: row.id,
    step,
    text: message && "text" in message ? message.text : null,
    audience: audience && typeof audience === "object" ? audience : null,
    createdAt: row.createdAt,
  };
}

const freshSince = (deps: AppDeps) => new Date(deps.now().getTime() - DRAFT_TTL_MS);

/** The announcement's text as it will be sent: trimmed, one message long. */
function readText(text: string): Outcome<string> {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed.length > MAX_TEXT)
    return fail(problem("announceTextLength", { max: MAX_TEXT, length: trimmed.length }));
  return ok(trimmed);
}

/**
 * A new draft in place of the person's earlier one (`replaced` says one was thrown away):
 * waiting for the text, or, given the text, for the audience.
 */
export async function startDraft(
  deps: AppDeps,
  who: Announcer,
  text?: string,
): Promise<Outcome<{ draft: Draft; replaced: boolean }>> {
  if (!canAnnounce(who.access)) return fail(problem("announceForbidden"));
  let message = "null";
  if (text !== undefined && text.trim() !== "") {
    const read = readText(text);
    if (!read.ok) return read;
    message = encodeMessage({ text: read.value });
  }
  const { draft, replaced } = await replaceDraft(
    deps.db,
    {
      institutionId: who.institutionId,
      createdBy: who.telegramId,
      kind: KIND,
      category: CATEGORY,
      step: message === "null" ? "text" : "audience",
      audience: "null",
      message,
    },
    deps.now(),
    freshSince(deps),
  );
  return ok({ draft: draftOf(draft), replaced });
}

/**
 * The draft waiting for this person's next input; null at once (no query) for someone who
 * may not announce, so every other message costs nothing.
 */
export async function pendingDraft(deps: AppDeps, access: Access | null, telegramId: string): Promise<Draft | null> {
  if (!access || !canAnnounce(access)) return null;
  const row = await findDraft(deps.db, telegramId, freshSince(deps));
  return row ? draftOf(row) : null;
}

async function ownDraft(deps: AppDeps, who: Announcer, draftId: number): Promise<Outcome<Draft>> {
  if (!canAnnounce(who.access)) return fail(problem("announceForbidden"));
  const row = await findDraftById(deps.db, draftId, who.telegramId, freshSince(deps));
  return row ? ok(draftOf(row)) : fail(problem("announceNoDraft"));
}

async function moved(deps: AppDeps, draftId: number, change: Parameters<typeof updateDraft>[2]): Promise<Outcome<Draft>> {
  const row = await updateDraft(deps.db, draftId, change);
  return row ? ok(draftOf(row)) : fail(problem("announceNoDraft"));
}

/** The text written; the draft then waits for the audience. */
export async function setText(deps: AppDeps, who: Announcer, draftId: number, text: string): Promise<Outcome<Draft>> {
  const draft = await ownDraft(deps, who, draftId);
  if (!draft.ok) return draft;
  const read = readText(text);
  if (!read.ok) return read;
  return moved(deps, draftId, { message: encodeMessage({ text: read.value }), step: "audience" });
}

/** The ready-made audiences offered as buttons: the institution's roles, or a dean's own unit. */
export const INSTITUTION_CHOICES = ["deans", "heads", "students", "everyone"] as const;
export const UNIT_CHOICES = ["unitHeads", "unitStudents", "unitEveryone"] as const;
export type AudienceChoice = (typeof INSTITUTION_CHOICES)[number] | (typeof UNIT_CHOICES)[number];

/** The choices offered to this sender, with the unit a dean's choices name. */
export function audienceChoices(access: Access): { choices: readonly AudienceChoice[]; unit: string | null } {
  if (!canAnnounce(access)) return { choices: [], unit: null };
  const scope = effectiveScope(access);
  return scope.kind === "institution"
    ? { choices: INSTITUTION_CHOICES, unit: null }
    : { choices: UNIT_CHOICES, unit: scope.unit };
}

/** A choice as an audience; null for one not offered to this sender (outdated or forged). */
export function choiceAudience(access: Access, choice: string): Audience | null {
  const { choices, unit } = audienceChoices(access);
  if (!(choices as readonly string[]).includes(choice)) return null;
  switch (choice as AudienceChoice) {
    case "deans":
      return { roles: ["dean"] };
    case "heads":
      return { roles: ["head"] };
    case "students":
      return { roles: ["student"] };
    case "everyone":
      return { everyone: true };
    case "unitHeads":
      return { roles: ["head"], units: [unit as string] };
    case "unitStudents":
      return { roles: ["student"], units: [unit as string] };
    case "unitEveryone":
      return { everyone: true, units: [unit as string] };
  }
}

/**
 * A typed audience: the short form (`role:head,unit:ИЭФ`, `all`), else unit names as people
 * write them ("ИЭФ", "Токмок, ЭФ"). A dean's audience naming no unit is their own unit.
 */
export function readAudience(access: Access, typed: string): Outcome<Audience> {
  const text = typed.trim().slice(0, 500);
  let read = parseAudience(text);
  if (!read.ok && !text.includes(":")) {
    const units = text
      .split(/[,;\n]/)
      .map((u) => u.trim())
      .filter(Boolean);
    read = units.length ? ok({ units }) : read;
  }
  if (!read.ok) return read;
  const scope = effectiveScope(access);
  const a = read.value;
  if (scope.kind === "unit" && selectsByFilter(a) && !a.units?.length) return ok({ ...a, units: [scope.unit] });
  return read;
}

export interface DraftPreview {
  draft: Draft & { text: string; audience: Audience };
  /** how many people the audience holds now */
  recipients: number;
}

/**
 * The audience chosen: checked in the sender's scope and counted. Outside the scope, or
 * with nobody in it, the draft stays where it was.
 */
export async function setAudience(
  deps: AppDeps,
  who: Announcer,
  draftId: number,
  asked: Audience,
): Promise<Outcome<DraftPreview>> {
  const draft = await ownDraft(deps, who, draftId);
  if (!draft.ok) return draft;
  if (draft.value.text === null) return fail(problem("announceNoText"));
  const resolved = await resolveAudience(deps.db, who, asked);
  if (!resolved.ok) return resolved;
  const { audience, recipients } = resolved.value;
  if (recipients.length === 0) return fail(problem("audienceNobody", { audience: formatAudience(audience) }));
  const next = await moved(deps, draftId, { audience: JSON.stringify(audience), step: "confirm" });
  if (!next.ok) return next;
  const text = next.value.text ?? draft.value.text;
  return ok({ draft: { ...next.value, text, audience }, recipients: recipients.length });
}

/**
 * The preview again (a resumed draft): the stored audience counted anew. When it no
 * longer holds, the draft goes back to choosing the audience.
 */
export async function previewDraft(deps: AppDeps, who: Announcer, draft: Draft): Promise<Outcome<DraftPreview>> {
  const preview = draft.audience
    ? await setAudience(deps, who, draft.id, draft.audience)
    : fail<DraftPreview>(problem("announceChooseAudience"));
  if (!preview.ok && preview.problem.code !== "announceNoDraft") await updateDraft(deps.db, draft.id, { step: "audience" });
  return preview;
}

/** Back to choosing the audience (the preview's "Change audience"). */
export async function changeAudience(deps: AppDeps, who: Announcer, draftId: number): Promise<Outcome<Draft>> {
  const draft = await ownDraft(deps, who, draftId);
  if (!draft.ok) return draft;
  if (draft.value.text === null) return fail(problem("announceNoText"));
  return moved(deps, draftId, { step: "audience" });
}

export interface ConfirmedDraft {
  campaign: Campaign;
  /** false: an earlier press already queued it; nothing new was queued */
  created: boolean;
  recipients: number;
  counts: CampaignCounts;
}

/**
 * Send: the campaign is created once (key "draft:<id>"), its progress shown in `progress`,
 * and the draft dropped. A second press, even one racing the first, queues nothing new.
 */
export async function confirmDraft(
  deps: AppDeps,
  who: Announcer,
  draftId: number,
  progress?: { chatId: string; messageId: number },
): Promise<Outcome<ConfirmedDraft>> {
  if (!canAnnounce(who.access)) return fail(problem("announceForbidden"));
  const key = `draft:${draftId}`;
  const row = await findDraftById(deps.db, draftId, who.telegramId, freshSince(deps));
  if (!row) {
    const earlier = await findCampaignByKey(deps.db, key);
    if (!earlier || earlier.createdBy !== who.telegramId) return fail(problem("announceNoDraft"));
    const counts = await campaignCounts(deps.db, earlier.id);
    return ok({ campaign: earlier, created: false, recipients: earlier.total, counts });
  }
  const draft = draftOf(row);
  if (draft.step !== "confirm" || !draft.audience || draft.text === null) return fail(problem("announceChooseAudience"));
  const created = await createCampaign(deps, {
    sender: { access: who.access, institutionId: who.institutionId },
    kind: KIND,
    category: CATEGORY,
    audience: draft.audience,
    message: { text: draft.text },
    idempotencyKey: key,
    createdBy: who.telegramId,
    ...(progress ? { progress } : {}),
  });
  if (!created.ok) {
    // the audience no longer holds (nobody left in it, the sender's scope changed): choose again
    await updateDraft(deps.db, draftId, { step: "audience" });
    return created;
  }
  await deleteDraft(deps.db, draftId, who.telegramId);
  const counts = await campaignCounts(deps.db, created.value.campaign.id);
  return ok({ ...created.value, counts });
}

/** Cancel: the draft is deleted, nothing is queued; a draft already gone is a problem. */
export async function cancelDraft(deps: AppDeps, who: Pick<Announcer, "telegramId">, draftId: number): Promise<Outcome<true>> {
  return (await deleteDraft(deps.db, draftId, who.telegramId)) ? ok(true) : fail(problem("announceNoDraft"));
}
