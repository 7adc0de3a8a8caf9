// What a campaign says: a text written once for everybody, or a locale key with
// parameters, rendered in each recipient's language when it is sent; optionally with
// inline buttons (a data request's "enter the figures"), their labels rendered the same way.
import { z } from "zod";

/** Telegram's limit for one message's text. */
export const MAX_TEXT = 4096;

const localeKey = z.string().regex(/^[a-zA-Z][\w.:-]*$/);

/**
 * A parameter as given, locale keys rendered in the recipient's language and joined
 * ("production, pre-diploma"), or a text given per language (a survey's title, a programme's name).
 */
const param = z.union([
  z.string(),
  z.number(),
  z.object({ t: z.array(localeKey).min(1).max(20) }).strict(),
  /** a text written per language (a survey title, a programme name, a summary's lines), Kyrgyz where the recipient's is missing; long enough for a summary, within one message */
  z
    .object({
      ky: z.string().min(1).max(3500),
      ru: z.string().min(1).max(3500).optional(),
      en: z.string().min(1).max(3500).optional(),
    })
    .strict(),
]);

/** Telegram's limit for a button's callback data, in bytes. */
const MAX_CALLBACK_BYTES = 64;

const label = z.union([z.object({ text: z.string().trim().min(1).max(64) }), z.object({ key: localeKey })]);

const callbackButton = z.object({
  label,
  data: z
    .string()
    .min(1)
    .refine((s) => new TextEncoder().encode(s).length <= MAX_CALLBACK_BYTES, "at most 64 bytes"),
});

/** A link button: a fixed https URL, or `urlParam` naming the recipient's own parameter (a survey's personal link). */
const urlButton = z.union([
  z
    .object({
      label,
      url: z
        .string()
        .regex(/^https?:\/\/\S+$/)
        .max(2000),
    })
    .strict(),
  z.object({ label, urlParam: z.string().regex(/^\w{1,32}$/) }).strict(),
]);

const button = z.union([callbackButton, urlButton]);

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

/** A recipient's own parameters (stored on the delivery), merged over the message's when rendered. */
export type PersonalParams = Record<string, string>;

const personal = z.record(z.string(), z.string());

/** A delivery's stored parameters; absent or unreadable reads as none. */
export function decodePersonal(stored: string | null): PersonalParams {
  if (!stored) return {};
  try {
    const r = personal.safeParse(JSON.parse(stored));
    return r.success ? r.data : {};
  } catch {
    return {};
  }
}

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
