// Callback data of the /settings toggles: "ntc:<category>:<1|0>", the state the press asks
// for (not "toggle"), so pressing an outdated button twice lands on the same state.
import { z } from "zod";

const PREFIX = "ntc";

/** The whole data of every press meant for this feature (for telegraf's composer.action); decode checks the rest. */
export const CALLBACK_PATTERN = /^ntc:.*$/s;

export function encode(category: string, on: boolean): string {
  return `${PREFIX}:${category}:${on ? 1 : 0}`;
}

const schema = z
  .tuple([z.literal(PREFIX), z.string().regex(/^[a-z]{1,32}$/), z.enum(["0", "1"])])
  .transform(([, category, on]) => ({ category, on: on === "1" }));

/** The category and the state asked for; null for data no button of ours carries. */
export function decode(data: string): { category: string; on: boolean } | null {
  const r = schema.safeParse(data.split(":"));
  return r.success ? r.data : null;
}
