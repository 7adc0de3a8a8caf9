// A form's export imported into a survey: the columns told apart (timestamp, token, unit,
// e-mail/score, questions), each row matched to its recipient by token (unit and course come
// from the recipient's snapshot; a poster row from its unit column; an unknown token counts as
// an anonymous response and is reported), previewed, and written only when asked. An export of
// another form — no token of this survey, and tokens of another survey or other questions than
// the last import — is refused. Nothing is written on any problem.
import { createHash } from "node:crypto";
import {
  can,
  fail,
  findUnit,
  type Outcome,
  ok,
  parseResponseTime,
  problem,
  type ResponseColumns,
  type ResponsesTally,
  responseColumns,
  utcOffsetMinutes,
} from "../../../core/index.ts";
import {
  type NewResponse,
  storedQuestions,
  storedResponseKeys,
  tokenOwners,
  writeResponses,
} from "../../../prisma/store/survey-responses.ts";
import { recipientTokens, type StoredSurvey } from "../../../prisma/store/surveys.ts";
import type { Table } from "../../io/table.ts";
import type { Sender } from "../delivery/audience.ts";
import type { AppDeps } from "../deps.ts";
import { readImportBytes } from "../imports/read-file.ts";
import { unitNames } from "../structure/unit-names.ts";
import { surveyFor } from "./access.ts";

export interface ResponsesPreview extends ResponsesTally {
  survey: StoredSurvey;
  columns: ResponseColumns;
}

/** Who may import: those who import files (admins, deans, heads), for a survey within their scope. */
async function importableSurvey(deps: AppDeps, sender: Sender, id: number): Promise<Outcome<StoredSurvey>> {
  if (!can(sender.access, "importFiles")) return fail(problem("surveyForbidden"));
  const found = await surveyFor(deps.db, sender, id);
  return found.ok ? ok(found.value.survey) : found;
}

const hash = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 32);
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((q) => b.includes(q));

interface Parsed {
  columns: ResponseColumns;
  rows: NewResponse[];
  tokensGiven: string[];
  matched: number;
  unknownTokens: number;
  withoutToken: number;
  blank: number;
}

async function parseRows(deps: AppDeps, survey: StoredSurvey, table: Table, timeZone: string): Promise<Outcome<Parsed>> {
  const own = new Map<string, true>();
  for (const token of (await recipientTokens(deps.db, survey.id)).values()) own.set(token, true);
  const records = table.records;
  const columns = responseColumns(
    table.header,
    records.map((r) => r.values),
    (v) => own.has(v),
  );
  if (!columns.questions.length) return fail(problem("surveyResponsesNoQuestions", { columns: table.header.join(", ") }));
  const owners = await tokenOwners(
    deps.db,
    columns.token ? records.map((r) => (r.values[columns.token as string] ?? "").trim()) : [],
  );
  const names = columns.unit ? await unitNames(deps.db, survey.institutionId) : [];
  const offset = utcOffsetMinutes(deps.now(), timeZone);
  const byKey = new Map<string, NewResponse>();
  const seen = new Map<string, number>();
  const p = { tokensGiven: [] as string[], matched: 0, unknownTokens: 0, withoutToken: 0, blank: 0 };
  for (const { line, values } of records) {
    const answers: Record<string, string> = {};
    for (const q of columns.questions) answers[q] = (values[q] ?? "").trim();
    const token = columns.token ? (values[columns.token] ?? "").trim() : "";
    if (!token && Object.values(answers).every((a) => a === "")) {
      p.blank++;
      continue;
    }
    const stamp = columns.timestamp ? (values[columns.timestamp] ?? "").trim() : "";
    const owner = token ? owners.get(token) : undefined;
    const mine = owner?.surveyId === survey.id ? owner : undefined;
    if (token) p.tokensGiven.push(token);
    if (mine) p.matched++;
    else if (token) p.unknownTokens++;
    else p.withoutToken++;
    const unitText = columns.unit ? (values[columns.unit] ?? "").trim() : "";
    const submittedAt = stamp ? parseResponseTime(stamp, offset) : null;
    let dedupeKey: string;
    if (mine) dedupeKey = `t:${token}`;
    else {
      // by the local day, not the time: a workbook export keeps only the day of a timestamp the
      // CSV has to the second, and the same answers must not count twice across the two;
      // identical rows of one day are told apart by their order in the file (exports only append)
      const day = submittedAt ? new Date(submittedAt.getTime() + offset * 60_000).toISOString().slice(0, 10) : stamp;
      const base = `h:${hash(JSON.stringify([day, token, unitText, answers]))}`;
      const nth = (seen.get(base) ?? 0) + 1;
      seen.set(base, nth);
      dedupeKey = `${base}#${nth}`;
    }
    // a recipient who submitted twice: the later row (further down the export) counts
    byKey.set(dedupeKey, {
      token: mine ? token : null,
      dedupeKey,
      unitCode: mine ? mine.unitCode : unitText ? (findUnit(unitText, names) ?? null) : null,
      course: mine ? mine.course : null,
      submittedAt,
      answers,
      line,
    });
  }
  return ok({ columns, rows: [...byKey.values()], ...p });
}

/** Why this export is not this survey's: its tokens are another survey's, or it asks other questions. */
async function wrongFile(deps: AppDeps, survey: StoredSurvey, parsed: Parsed): Promise<Outcome<null>> {
  if (parsed.matched > 0) return ok(null);
  const owners = await tokenOwners(deps.db, parsed.tokensGiven);
  const other = [...owners.values()].find((o) => o.surveyId !== survey.id);
  if (other) return fail(problem("surveyResponsesOtherSurvey", { id: survey.id, other: other.surveyId }));
  const before = await storedQuestions(deps.db, survey.id);
  if (before && !sameSet(before, parsed.columns.questions))
    return fail(problem("surveyResponsesOtherQuestions", { id: survey.id, questions: parsed.columns.questions.length }));
  return ok(null);
}

export async function importResponses(
  deps: AppDeps,
  sender: Sender,
  input: { surveyId: number; bytes: Uint8Array; timeZone: string; write: boolean },
): Promise<Outcome<ResponsesPreview>> {
  const found = await importableSurvey(deps, sender, input.surveyId);
  if (!found.ok) return found;
  const survey = found.value;
  const read = await readImportBytes(input.bytes);
  // a file-level problem (not a spreadsheet, too large): worded like any import's
  if ("code" in read) return fail(problem(read.code, read.params));
  const parsed = await parseRows(deps, survey, read.table, input.timeZone);
  if (!parsed.ok) return parsed;
  const wrong = await wrongFile(deps, survey, parsed.value);
  if (!wrong.ok) return wrong;
  const { columns, rows, matched, unknownTokens, withoutToken, blank } = parsed.value;
  if (!rows.length) return fail(problem("surveyResponsesEmpty"));
  const stored = await storedResponseKeys(deps.db, survey.id);
  const added = rows.filter((r) => !stored.has(r.dedupeKey)).length;
  const replaced = rows.filter((r) => stored.has(r.dedupeKey) && stored.get(r.dedupeKey) !== JSON.stringify(r.answers)).length;
  const base = {
    survey,
    columns,
    rows: matched + unknownTokens + withoutToken,
    matched,
    unknownTokens,
    withoutToken,
    blank,
    added,
    replaced,
    unchanged: rows.length - added - replaced,
  };
  if (!input.write) return ok({ ...base, written: false, marked: 0 });
  const w = await writeResponses(deps.db, survey.id, read.sha256, rows, deps.now());
  return ok({ ...base, added: w.added, replaced: w.replaced, written: true, marked: w.marked });
}
