// What a campaign says: a text written once for everybody, or a locale key with
// parameters, rendered in each recipient's language when it is sent; optionally with
// inline buttons (a data request's "enter the figures"), their labels rendered the same way.
import { z } from "zod";

/** Telegram's limit for one message's text. */
export const MAX_TEXT = 4096;

const localeKey = z.string().regex(/^[a-zA-Z][\w.:-]*$/);

/**
 * A parameter as given, locale keys rendered in the recipient's language and joined
 * ("production, pre-diploma"), or a text given in each language (a programme's own name).
 */
const param = z.union([
  z.string(),
  z.number(),
  z.object({ t: z.array(localeKey).min(1).max(20) }).strict(),
  z.object({ byLanguage: z.object({ ky: z.string(), ru: z.string(), en: z.string() }).strict() }).strict(),
]);

/** Telegram's limit for a button's callback data, in bytes. */
const MAX_CALLBACK_BYTES = 64;

const button = z.object({
  label: z.union([z.object({ text: z.string().trim().min(1).max(64) }), z.object({ key: localeKey })]),
  data: z
    .string()
    .min(1)
    .refine((s) => new TextEncoder().encode(s).length <= MAX_CALLBACK_BYTES, "at most 64 bytes"),
});

/** Rows of inline buttons under the message (none when absent: messages stored before buttons read as before). */
const buttons = z.array(z.array(button).min(1).max(8)).min(1).max(10).optional();

export const campaignMessage = z.union([
  z.object({ text: z.string().trim().min(1).max(MAX_TEXT), buttons }),
  z.object({ key: localeKey, params: z.record(z.string(), param).default({}), buttons }),
]);

export type CampaignMessage = z.output<typeof campaignMessage>;
/** What callers write (params may be left out). */
export type CampaignMessageInput = z.input<typeof campaignMessage>;
export type MessageButton = z.output<typeof button>;
export type MessageParam = z.output<typeof param>;

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
