// Campaigns: an audience and a message become one campaign with a delivery per person, in
// one transaction; the sender does the rest. Every bulk message goes through here.
import {
  type Audience,
  fail,
  formatAudience,
  isNoticeCategory,
  type NoticeCategory,
  type Outcome,
  ok,
  problem,
  receives,
} from "../../../core/index.ts";
import type { Prisma } from "../../../prisma/generated/client.ts";
import { mutedByUser } from "../../../prisma/store/notices.ts";
import {
  type Campaign,
  type CampaignCounts,
  campaignCounts,
  findCampaign,
  insertCampaign,
  listCampaigns,
  type NewDelivery,
  type Undelivered,
  undelivered,
} from "../../../prisma/store/outbox.ts";
import type { AppDeps } from "../deps.ts";
import { audienceSchema, type Recipient, resolveAudience, type Sender } from "./audience.ts";
import { type CampaignMessageInput, encodeMessage, type PersonalParams } from "./message.ts";

export type { Campaign, CampaignCounts, Undelivered };

export interface NewCampaignInput {
  sender: Sender;
  /** 'announcement' | 'reminder' | … */
  kind: string;
  category: NoticeCategory;
  audience: Audience;
  message: CampaignMessageInput;
  /** the same key twice creates one campaign */
  idempotencyKey?: string;
  /** a telegram id, 'cli' or 'scheduler' */
  createdBy: string;
  /** where progress is shown and edited */
  progress?: { chatId: string; messageId: number };
  /** per-recipient parameters (a personal link), and writes that belong in the campaign's transaction */
  personalize?: (recipients: readonly Recipient[]) => Promise<Personalization>;
}

export interface Personalization {
  params: (r: Recipient) => PersonalParams | null;
  write?: (tx: Prisma.TransactionClient) => Promise<void>;
}

export interface CreatedCampaign {
  campaign: Campaign;
  created: boolean;
  recipients: number;
}

/**
 * Resolves the audience in the sender's scope and queues one delivery per person: people
 * who switched the category off are recorded as skipped, people Telegram already refused
 * as unreachable (until they write to the bot again). Nothing is queued on any problem.
 */
export async function createCampaign(deps: AppDeps, input: NewCampaignInput): Promise<Outcome<CreatedCampaign>> {
  if (!isNoticeCategory(input.category)) return fail(problem("noticeCategoryUnknown", { category: input.category }));
  const resolved = await resolveAudience(deps.db, input.sender, input.audience);
  if (!resolved.ok) return resolved;
  const { audience, recipients } = resolved.value;
  if (recipients.length === 0) return fail(problem("audienceNobody", { audience: formatAudience(audience) }));
  const own = input.personalize ? await input.personalize(recipients) : null;
  const muted = await mutedByUser(
    deps.db,
    recipients.map((r) => r.userId),
  );
  const deliveries: NewDelivery[] = recipients.map((r) => {
    const personal = own?.params(r);
    const base = { userId: r.userId, chatId: r.telegramId, params: personal ? JSON.stringify(personal) : null };
    if (!receives(input.category, muted.get(r.userId) ?? new Set())) return { ...base, state: "skipped", errorKind: "optedOut" };
    if (r.unreachableReason) return { ...base, state: "unreachable", errorKind: r.unreachableReason };
    return { ...base, state: "queued", errorKind: null };
  });
  const { campaign, created } = await insertCampaign(
    deps.db,
    {
      institutionId: input.sender.institutionId,
      kind: input.kind,
      category: input.category,
      audience: JSON.stringify(audience),
      message: encodeMessage(input.message),
      idempotencyKey: input.idempotencyKey ?? null,
      createdBy: input.createdBy,
      progressChatId: input.progress?.chatId ?? null,
      progressMessageId: input.progress?.messageId ?? null,
    },
    deliveries,
    deps.now(),
    own?.write,
  );
  return ok({ campaign, created, recipients: created ? recipients.length : campaign.total });
}

export interface CampaignStatus {
  campaign: Campaign;
  counts: CampaignCounts;
}

/** A campaign of this institution with its counts; null when there is none. */
export async function campaignStatus(deps: AppDeps, institutionId: number, id: number): Promise<CampaignStatus | null> {
  const campaign = await findCampaign(deps.db, id);
  if (!campaign || campaign.institutionId !== institutionId || campaign.status === "draft") return null;
  return { campaign, counts: await campaignCounts(deps.db, id) };
}

export async function recentCampaigns(deps: AppDeps, institutionId: number): Promise<CampaignStatus[]> {
  const campaigns = await listCampaigns(deps.db, institutionId);
  return Promise.all(campaigns.map(async (campaign) => ({ campaign, counts: await campaignCounts(deps.db, campaign.id) })));
}

/** Who could not be reached and why. */
export function undeliveredOf(deps: AppDeps, campaignId: number): Promise<Undelivered[]> {
  return undelivered(deps.db, campaignId);
}

/** The audience a campaign was created for (an unreadable one reads as nobody in particular). */
export function audienceOf(campaign: Campaign): Audience {
  try {
    const r = audienceSchema.safeParse(JSON.parse(campaign.audience));
    return r.success ? r.data : {};
  } catch {
    return {};
  }
}
