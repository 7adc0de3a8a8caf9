// A survey's results in words, for every trigger: the rate line with both denominators
// ("3 476 of 6 558 (53,0%), reachable 6 120"), one line per unit and course shown, and each
// question's distribution in scale order ("34,0% / 53,0% / 7,0% / 3,0% / 3,0%"), free text
// by count. The chart's and the workbook's texts come from here too.
import type { TFunction } from "i18next";
import {
  closingDay,
  type GroupRate,
  MIN_GROUP,
  type QuestionResult,
  type ResponseColumns,
  type ResponsesTally,
  rateOf,
  type SurveyPhase,
  type SurveyResults,
} from "../../core/index.ts";
import { count } from "./delivery.ts";
import { pct } from "./format.ts";
import type { Language } from "./i18n.ts";
import { phaseText } from "./surveys.ts";

export interface ResultsFacts extends SurveyResults {
  id: number;
  title: string;
  phase: SurveyPhase;
  opensAt: Date;
  closesAt: Date;
  scoped: boolean;
}

/** Free-text answers shown in a message; the workbook has them all. */
export const TEXT_SHOWN = 10;

/** Whether the distributions may be shown: after close, over at least MIN_GROUP responses. */
export const answersShown = (r: Pick<ResultsFacts, "phase" | "distributionsShown">) =>
  r.phase === "closed" && r.distributionsShown;

export function groupLabel(t: TFunction, g: Pick<GroupRate, "unitCode" | "course">, alone: boolean): string {
  const unit = g.unitCode ?? t("surveyResults.noUnit");
  if (g.course !== null) return t("surveyResults.course", { unit, course: g.course });
  return alone ? unit : t("surveyResults.pooled", { unit });
}

function rowText(t: TFunction, lng: Language, g: GroupRate, alone: boolean): string {
  return t("surveyResults.row", {
    label: groupLabel(t, g, alone),
    responses: count(g.responses, lng),
    audience: count(g.audience, lng),
    ofAudience: pct(rateOf(g.responses, g.audience), lng),
    reachable: count(g.reachable, lng),
  });
}

/** The rates message: head, overall rate, per unit and course, what is hidden. */
export function ratesText(t: TFunction, lng: Language, r: ResultsFacts, timeZone: string): string {
  const lines = [
    t("surveyResults.head", { id: r.id, title: r.title, phase: phaseText(t, r, timeZone) }),
    t("surveyResults.rate", {
      responses: count(r.rate.responses, lng),
      audience: count(r.rate.audience, lng),
      ofAudience: pct(r.rate.ofAudience, lng),
      reachable: count(r.rate.reachable, lng),
      ofReachable: pct(r.rate.ofReachable, lng),
    }),
  ];
  if (r.scoped) lines.push(t("surveyResults.scoped"));
  if (r.groups.length) {
    lines.push("", t("surveyResults.unitsTitle"));
    for (const g of r.groups) {
      const alone = r.groups.filter((o) => o.unitCode === g.unitCode).length === 1;
      lines.push(rowText(t, lng, g, alone));
    }
  }
  if (r.hiddenGroups) lines.push("", t("surveyResults.hidden", { count: r.hiddenGroups, min: MIN_GROUP }));
  if (!r.rate.responses) lines.push("", t("surveyResults.noResponses", { id: r.id }));
  return lines.join("\n");
}

/** "34,0% / 53,0% / …" and, under it, each option with its count. */
export function questionText(t: TFunction, lng: Language, q: QuestionResult, n: number): string {
  const head = t("surveyResults.question", { n, question: q.question, answered: count(q.answered, lng) });
  if (q.scale === "text") {
    const shown = q.answers.slice(0, TEXT_SHOWN).map((a) => t("surveyResults.textLine", { count: a.count, answer: a.answer }));
    const rest = q.answers.length - shown.length;
    return [head, ...shown, ...(rest > 0 ? [t("surveyResults.more", { count: rest })] : [])].join("\n");
  }
  return [
    head,
    q.answers.map((a) => pct(a.share, lng)).join(" / "),
    q.answers.map((a) => `${a.answer} ${a.count}`).join(" · "),
  ].join("\n");
}

/** The answers message: every question's distribution, or why none is shown. */
export function answersText(t: TFunction, lng: Language, r: ResultsFacts, timeZone: string): string | null {
  if (!r.rate.responses) return null;
  if (r.phase !== "closed") return t("surveyResults.afterClose", { closes: closingDay(r.closesAt, timeZone) });
  if (!r.distributionsShown) return t("surveyResults.hiddenAnswers", { min: MIN_GROUP });
  return r.questions.map((q, i) => questionText(t, lng, q, i + 1)).join("\n\n");
}

/** What one question's chart says: its options in scale order with their shares. */
export function questionChart(t: TFunction, lng: Language, r: ResultsFacts, q: QuestionResult) {
  const answers = q.scale === "text" ? q.answers.slice(0, TEXT_SHOWN) : q.answers;
  return {
    title: q.question,
    labels: answers.map((a) => a.answer),
    values: answers.map((a) => a.share),
    valueLabels: answers.map((a) => `${pct(a.share, lng)} (${count(a.count, lng)})`),
    axis: t("surveyResults.chartAxis"),
    caption: t("surveyResults.chartCaption", { id: r.id, question: q.question }).slice(0, 1000),
  };
}

/** The JSON every trigger prints: rate, shown unit×course rows, each question's answers. */
export function resultsJson(r: ResultsFacts) {
  return {
    rate: { responses: r.rate.responses, audience: r.rate.audience, reachable: r.rate.reachable },
    units: r.groups.map((g) => ({ unit: g.unitCode, course: g.course, responses: g.responses, audience: g.audience })),
    questions: r.questions.map((q) => ({
      question: q.question,
      answers: q.answers.map((a) => ({ answer: a.answer, count: a.count, share: a.share })),
    })),
  };
}

/** The workbook's sheet names, captions and notes. */
export function surveyWorkbookWords(t: TFunction, r: ResultsFacts) {
  const k = (key: string) => t(`surveyResults.sheet.${key}`, { id: r.id, title: r.title });
  const notes = [
    ...(r.hiddenGroups ? [t("surveyResults.hidden", { count: r.hiddenGroups, min: MIN_GROUP })] : []),
    ...(r.scoped ? [t("surveyResults.scoped")] : []),
  ];
  return {
    rates: k("rates"),
    ratesTitle: k("ratesTitle"),
    answers: k("answers"),
    answersTitle: k("answersTitle"),
    text: k("text"),
    textTitle: k("textTitle"),
    unit: k("unit"),
    course: k("course"),
    responses: k("responses"),
    audience: k("audience"),
    ofAudience: k("ofAudience"),
    reachable: k("reachable"),
    ofReachable: k("ofReachable"),
    question: k("question"),
    answer: k("answer"),
    count: k("count"),
    share: k("share"),
    total: k("total"),
    other: k("other"),
    notes,
  };
}

/** What an import found (and wrote, with --yes or Confirm). */
export interface ImportFacts extends ResponsesTally {
  survey: { id: number };
  columns: ResponseColumns;
}

export function importPreviewText(t: TFunction, lng: Language, p: ImportFacts, title: string): string {
  const c = p.columns;
  const skipped = [c.timestamp, c.token, c.unit, ...c.other].filter((x): x is string => Boolean(x));
  const lines = [
    t("surveyResults.import.preview", {
      id: p.survey.id,
      title,
      rows: count(p.rows, lng),
      matched: count(p.matched, lng),
      unknown: count(p.unknownTokens, lng),
      withoutToken: count(p.withoutToken, lng),
      count: c.questions.length,
      questions: c.questions.map((q) => `«${q}»`).join(", "),
      skipped: skipped.length ? skipped.map((q) => `«${q}»`).join(", ") : t("surveyResults.import.none"),
      added: count(p.added, lng),
      replaced: count(p.replaced, lng),
      unchanged: count(p.unchanged, lng),
    }),
  ];
  if (p.blank) lines.push(t("surveyResults.import.blank", { count: p.blank }));
  if (p.written)
    lines.push(t("surveyResults.import.written", { id: p.survey.id, added: p.added, replaced: p.replaced, marked: p.marked }));
  return lines.join("\n");
}
