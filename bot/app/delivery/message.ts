// What a campaign says: a text written once for everybody, or a locale key with
// parameters, rendered in each recipient's language when it is sent.
import { z } from "zod";

/** Telegram's limit for one message's text. */
export const MAX_TEXT = 4096;

export const campaignMessage = z.union([
  z.object({ text: z.string().trim().min(1).max(MAX_TEXT) }),
  z.object({
    key: z.string().regex(/^[a-zA-Z][\w.:-]*$/),
    params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  }),
]);

export type CampaignMessage = z.output<typeof campaignMessage>;
/** What callers write (params may be left out). */
export type CampaignMessageInput = z.input<typeof campaignMessage>;

/** Validated and stored as JSON; an invalid message throws (callers validate input first). */
export function encodeMessage(m: CampaignMessageInput): string {
  return JSON.stringify(campaignMessage.parse(m));
}

/** A stored message; a row that does not parse (edited by hand) reads as null. */
export function decodeMessage(stored: string): CampaignMessage | null {
  try {
    const r = campaignMessage.safeParse(JSON.parse(stored));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
