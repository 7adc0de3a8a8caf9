// CLI option values validated with zod; a bad value is a localized UserError naming the option.
import { z } from "zod";
import {
  BASES,
  FORMS,
  PRACTICE_KINDS,
  type PracticeKind,
  parsePracticeKind,
  STAGES,
  TERMS,
  UNIT_KINDS,
} from "../../core/index.ts";
import type { CliContext } from "./context.ts";
import { UserError } from "./context.ts";

export const year = z
  .string()
  .regex(/^\d{4}-\d{4}$/, "YYYY-YYYY")
  .refine((s) => Number(s.slice(5)) === Number(s.slice(0, 4)) + 1, "YYYY-YYYY");
export const term = z.enum(TERMS);
export const stage = z.enum(STAGES);
export const form = z.enum(FORMS);
export const base = z.enum(BASES);
export const kinds = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((k) => k.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(UNIT_KINDS)).min(1));

/** Validate an options object field by field, so the message names the option. */
export function parseOptions<S extends z.ZodRawShape>(
  ctx: CliContext,
  shape: S,
  raw: Record<string, unknown>,
): z.output<z.ZodObject<S>> {
  const r = z.object(shape).safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0] as z.core.$ZodIssue;
  const option = String(issue.path[0] ?? "").replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const value = raw[String(issue.path[0])];
  const message = value === undefined ? issue.message : `“${String(value)}” — ${issue.message}`;
  throw new UserError(ctx.t("cli.badOption", { option, message }));
}

/** Practice kinds, comma-separated, in any of the three languages ("production,дипломалды"). */
export const practiceKinds = z
  .string()
  .transform((s, ctx) => {
    const out: PracticeKind[] = [];
    for (const word of s
      .split(",")
      .map((k) => k.trim())
      .filter(Boolean)) {
      const k = parsePracticeKind(word);
      if (k) out.push(k);
      else ctx.addIssue({ code: "custom", message: `${word}: ${PRACTICE_KINDS.join(" | ")}` });
    }
    return out;
  })
  .pipe(z.array(z.enum(PRACTICE_KINDS)).min(1));
