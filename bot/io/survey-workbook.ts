// A survey's results as a workbook: the rates by unit and course, every scale question's
// distribution, and the free-text answers by count. Words come in from bot/present.
import type { GroupRate, QuestionResult, ResponseRate } from "../../core/index.ts";
import { rateOf } from "../../core/index.ts";
import type { SheetRow, SheetSpec } from "./xlsx-writer.ts";

export interface SurveyWorkbookWords {
  rates: string;
  ratesTitle: string;
  answers: string;
  answersTitle: string;
  text: string;
  textTitle: string;
  unit: string;
  course: string;
  responses: string;
  audience: string;
  ofAudience: string;
  reachable: string;
  ofReachable: string;
  question: string;
  answer: string;
  count: string;
  share: string;
  total: string;
  other: string;
  /** lines under a sheet: what is hidden, whose rows these are */
  notes: string[];
}

export interface SurveyWorkbookInput {
  rate: ResponseRate;
  groups: readonly GroupRate[];
  /** empty when the distributions are not shown */
  questions: readonly QuestionResult[];
}

function rateRow(label: string, course: string, g: Omit<GroupRate, "unitCode" | "course">, style?: "total"): SheetRow {
  return {
    cells: [
      label,
      course,
      g.responses,
      g.audience,
      rateOf(g.responses, g.audience),
      g.reachable,
      rateOf(g.responses, g.reachable),
    ],
    ...(style ? { style } : {}),
  };
}

export function surveyWorkbook(input: SurveyWorkbookInput, w: SurveyWorkbookWords): SheetSpec[] {
  const rates: SheetSpec = {
    name: w.rates,
    title: w.ratesTitle,
    columns: [
      { caption: w.unit },
      { caption: w.course },
      { caption: w.responses, format: "int" },
      { caption: w.audience, format: "int" },
      { caption: w.ofAudience, format: "pct" },
      { caption: w.reachable, format: "int" },
      { caption: w.ofReachable, format: "pct" },
    ],
    rows: [
      ...input.groups.map((g) => rateRow(g.unitCode ?? "—", g.course === null ? w.other : String(g.course), g)),
      rateRow(w.total, "", input.rate, "total"),
    ],
    notes: w.notes,
  };
  const scaled = input.questions.filter((q) => q.scale !== "text");
  const free = input.questions.filter((q) => q.scale === "text");
  const questionRows = (qs: readonly QuestionResult[]): SheetRow[] =>
    qs.flatMap((q) => [
      { cells: [q.question, null, q.answered, null], style: "section" as const },
      ...q.answers.map((a) => ({ cells: [null, a.answer, a.count, a.share] })),
    ]);
  const columns = [
    { caption: w.question, width: 40 },
    { caption: w.answer, width: 40 },
    { caption: w.count, format: "int" as const },
    { caption: w.share, format: "pct" as const },
  ];
  return [
    rates,
    { name: w.answers, title: w.answersTitle, columns, rows: questionRows(scaled), notes: w.notes },
    { name: w.text, title: w.textTitle, columns, rows: questionRows(free), notes: w.notes },
  ];
}
