// Callback data of a held response export's buttons: "svr:s:<upload>:<survey>" (this survey:
// preview), "svr:y:<upload>:<survey>" (import), "svr:x:<upload>" (cancel); "svr:r:<survey>":
// a survey's results (the button under /surveys).
import { z } from "zod";
import { rowId } from "../../app/row-id.ts";

export const CALLBACK_PATTERN = /^svr:.*$/s;

export type Press =
  | { op: "survey" | "import"; uploadId: number; surveyId: number }
  | { op: "cancel"; uploadId: number }
  | { op: "results"; surveyId: number };

export function encode(p: Press): string {
  if (p.op === "cancel") return `svr:x:${p.uploadId}`;
  if (p.op === "results") return `svr:r:${p.surveyId}`;
  return `svr:${p.op === "survey" ? "s" : "y"}:${p.uploadId}:${p.surveyId}`;
}

const id = rowId;
const schema = z.union([
  z
    .tuple([z.literal("svr"), z.enum(["s", "y"]), id, id])
    .transform(([, op, uploadId, surveyId]): Press => ({ op: op === "s" ? "survey" : "import", uploadId, surveyId })),
  z.tuple([z.literal("svr"), z.literal("x"), id]).transform(([, , uploadId]): Press => ({ op: "cancel", uploadId })),
  z.tuple([z.literal("svr"), z.literal("r"), id]).transform(([, , surveyId]): Press => ({ op: "results", surveyId })),
]);

export function decode(data: string): Press | null {
  const r = schema.safeParse(data.split(":"));
  return r.success ? r.data : null;
}
