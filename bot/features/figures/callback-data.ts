// Callback data of the figures keyboards: the whole selection rides in the button (≤ 64
// bytes), so the bot keeps no per-chat state and any old message still works.
import { z } from "zod";
import type { Form, Selection, Stage, Term } from "../../../core/index.ts";

export const VIEWS = ["debtors", "stats"] as const;
export type View = (typeof VIEWS)[number];

/**
 * The core's Selection as a button carries it: the unit as its id (a code could overflow
 * 64 bytes), turned back into a code by the use case that loads the units anyway.
 */
export interface ViewState extends Omit<Selection, "unit"> {
  view: View;
  /** 0 = the whole institution */
  unitId: number;
  /** 1–6 for one course's figures, 0 for all courses */
  course: number;
}

export type Action = "show" | "units" | "chart";

const ACTION_CODE = { show: "v", units: "u", chart: "c" } as const;
const VIEW_CODE = { debtors: "d", stats: "s" } as const;
const STAGE_CODE = { main: "m", "after-retakes": "a" } as const;
const FORM_CODE = { "full-time": "f", "part-time": "p", all: "x" } as const;
const TERM_CODE = { autumn: "a", spring: "s" } as const;

const invert = <T extends Record<string, string>>(o: T) => Object.fromEntries(Object.entries(o).map(([k, v]) => [v, k]));

export function encode(action: Action, s: ViewState): string {
  return [
    ACTION_CODE[action],
    VIEW_CODE[s.view],
    s.unitId,
    STAGE_CODE[s.stage],
    FORM_CODE[s.form],
    s.year,
    TERM_CODE[s.term],
    // only when a course is chosen: buttons of messages sent before courses existed still decode
    ...(s.course ? [s.course] : []),
  ].join(":");
}

const schema = z
  .tuple([
    z.enum(Object.values(ACTION_CODE)),
    z.enum(Object.values(VIEW_CODE)),
    z.coerce.number().int().min(0),
    z.enum(Object.values(STAGE_CODE)),
    z.enum(Object.values(FORM_CODE)),
    z.string().regex(/^\d{4}-\d{4}$/),
    z.enum(Object.values(TERM_CODE)),
  ])
  .rest(z.coerce.number().int().min(1).max(6))
  .transform(([a, v, unitId, s, f, year, t, course]) => ({
    action: invert(ACTION_CODE)[a] as Action,
    state: {
      view: invert(VIEW_CODE)[v] as View,
      unitId,
      stage: invert(STAGE_CODE)[s] as Stage,
      form: invert(FORM_CODE)[f] as Form | "all",
      year,
      term: invert(TERM_CODE)[t] as Term,
      course: course ?? 0,
    },
  }));

/** Matches the data of these keyboards (for telegraf's bot.action). */
export const CALLBACK_PATTERN = /^[vuc]:[ds]:\d+:[ma]:[fpx]:\d{4}-\d{4}:[as](?::[1-6])?$/;

export function decode(data: string): { action: Action; state: ViewState } | null {
  const r = schema.safeParse(data.split(":"));
  return r.success ? r.data : null;
}
