// The practice entry in words: each step's question, the summary before confirming (the
// rate, last year's, the change, the figure it corrects, "are you sure?"), and the outcome.
import { type PracticeKind, practiceCountsRate, previousYear } from "../../../core/index.ts";
import type { PracticeView } from "../../app/practice/practice-dialogue.ts";
import type { PracticeSummary, SavedPractice } from "../../app/practice/submit-practice.ts";
import { pct, signed } from "../../present/format.ts";
import { problemText, type Wording } from "../../present/problem.ts";

export const kindName = (w: Wording, kind: PracticeKind | string): string => w.t(`practice.kind.${kind}`);

function lastYearLine(w: Wording, s: PracticeSummary): string {
  const year = previousYear(s.year) ?? "";
  if (s.previousRate === null) return w.t("entry.practice.noLastYear", { year });
  const pp = w.t("common.pp", { value: signed(s.changePp, w.lng) });
  const key = s.previousSource === "published" ? "entry.practice.lastYearPublished" : "entry.practice.lastYear";
  return w.t(key, { year, previous: pct(s.previousRate, w.lng), pp });
}

/** What will be stored, and what the person should know before confirming. */
export function summaryText(w: Wording, s: PracticeSummary): string {
  const kind = kindName(w, s.kind);
  const lines = [
    w.t("entry.practice.summaryTitle"),
    w.t("entry.practice.what", { unit: s.unit, year: s.year, kind }),
    w.t("entry.practice.counts", { completed: s.completed, assigned: s.assigned, rate: pct(s.rate, w.lng) }),
    lastYearLine(w, s),
  ];
  if (s.same) lines.push(w.t("entry.practice.same"));
  else if (s.replaces)
    lines.push(
      w.t("entry.practice.replaces", {
        completed: s.replaces.completed,
        assigned: s.replaces.assigned,
        rate: pct(practiceCountsRate(s.replaces), w.lng),
      }),
    );
  if (s.unusual) lines.push("", w.t("entry.practice.unusual", { reason: problemText(s.unusual, w) }));
  lines.push("", w.t("entry.notSaved"));
  return lines.join("\n");
}

/** The question of a step (with what was wrong with the last input first). */
export function viewText(w: Wording, view: PracticeView): string {
  const { state: s } = view;
  const kind = s.kind ? kindName(w, s.kind) : "";
  const unit = s.unit ?? "";
  const body = ((): string => {
    switch (view.step) {
      case "unit":
        return w.t("entry.practice.askUnit");
      case "kind":
        return w.t("entry.practice.askKind", { unit });
      case "assigned":
        return `${w.t("entry.practice.askAssigned", { unit, kind })}\n${w.t("entry.cancelHint")}`;
      case "completed":
        return `${w.t("entry.practice.askCompleted", { unit, kind, assigned: s.assigned ?? 0 })}\n${w.t("entry.cancelHint")}`;
      case "summary":
        return view.summary ? summaryText(w, view.summary) : "";
    }
  })();
  const head = view.step === "summary" ? body : `${w.t("entry.practice.head", { year: s.year })}\n${body}`;
  return view.problem ? `⚠️ ${problemText(view.problem, w)}\n\n${head}` : head;
}

export function savedText(w: Wording, saved: SavedPractice): string {
  const s = saved.summary;
  const params = {
    unit: s.unit,
    year: s.year,
    kind: kindName(w, s.kind),
    completed: s.completed,
    assigned: s.assigned,
    rate: pct(s.rate, w.lng),
    version: saved.version,
  };
  return w.t(saved.tally.unchanged ? "entry.practice.savedSame" : "entry.practice.saved", params);
}
