// The sender's view of the outbox: what it claims, what it records, the lease that keeps
// it the only one, and the campaigns it reports on. The rules of what a failure means
// are the core's (send-outcome.ts); the order of these calls is the worker's.
import { campaignCounts, finishCampaign, noteProgressEdit, sendingCampaigns, undelivered } from "../../../prisma/store/outbox.ts";

export { type ClaimedDelivery, claimDeliveries } from "../../../prisma/store/claims.ts";
export { holdLease, releaseLease } from "../../../prisma/store/leases.ts";
export {
  markFailed,
  markRetry,
  markSending,
  markSent,
  markUnreachable,
  recoverAbandoned,
} from "../../../prisma/store/outbox.ts";

/** The lease the one sender of a bot holds (the bot's id is the token's number); /healthz reads it. */
export function senderLeaseName(botId: string): string {
  return `sender:${botId}`;
}

export const reporting = { campaignCounts, finishCampaign, noteProgressEdit, sendingCampaigns, undelivered };
