// The session entry in words: the session chosen, the counts asked in report order, the
// summary with the metrics and the consistency flags, and the outcome.
import { COUNT_FIELDS, type CountField, type SessionCounts } from "../../../core/index.ts";
import type { SessionState, SessionView } from "../../app/session/session-dialogue.ts";
import type { SavedSession, SessionSummary } from "../../app/session/submit-session.ts";
import { pct } from "../../present/format.ts";
import { problemText, type Wording } from "../../present/problem.ts";

const field = (w: Wording, f: CountField) => w.t(`report.field.${f}`);

export function periodText(w: Wording, s: Pick<SessionState, "year" | "term" | "stage" | "form" | "course">): string {
  return w.t("entry.session.period", {
    year: s.year,
    term: w.t(`common.term.${s.term}`),
    stage: w.t(`common.stage.${s.stage}`),
    form: w.t(`common.form.${s.form}`),
    course: s.course ? w.t("entry.session.course", { course: s.course }) : w.t("entry.session.allCourses"),
  });
}

/** The counts given so far: "enrolled 120 · admitted 110". */
export function countsText(w: Wording, counts: SessionCounts): string {
  const given = COUNT_FIELDS.filter((f) => counts[f] !== null).map((f) => `${field(w, f)} ${counts[f]}`);
  return given.length ? given.join(" · ") : "—";
}

const ORDER = (w: Wording) => COUNT_FIELDS.map((f, i) => `${i + 1} ${field(w, f)}`).join(" · ");

/** The counts' question: the order while nothing is entered, then what is there and what comes next. */
function countsPrompt(w: Wording, s: SessionState): string {
  const unit = s.unit ?? "";
  const entered = COUNT_FIELDS.some((f) => s.counts[f] !== null);
  const lines = entered
    ? [`${unit} · ${periodText(w, s)}`, w.t("entry.session.entered", { counts: countsText(w, s.counts) })]
    : [w.t("entry.session.askCounts", { unit, period: periodText(w, s), order: ORDER(w) })];
  const next = COUNT_FIELDS[s.cursor];
  if (next)
    lines.push(w.t("entry.session.askNext", { field: field(w, next), position: s.cursor + 1, total: COUNT_FIELDS.length }));
  if (entered) lines.push(w.t("entry.session.fixHint"));
  lines.push(w.t("entry.cancelHint"));
  return lines.join("\n");
}

export function summaryText(w: Wording, s: SessionSummary): string {
  const m = s.metrics;
  const lines = [
    w.t("entry.session.summaryTitle"),
    `${s.unit} · ${periodText(w, s)}`,
    countsText(w, s.counts),
    `${w.t("entry.session.absolute", { value: pct(m.absolute, w.lng) })} · ${w.t("entry.session.quality", { value: pct(m.quality, w.lng) })}`,
    w.t("entry.session.debtors", { count: m.debtors ?? "—", share: pct(m.debtorShare, w.lng) }),
  ];
  if (s.flags.length) lines.push("", w.t("entry.session.flags"), ...s.flags.map((f) => `• ${problemText(f, w)}`));
  else lines.push(w.t("entry.session.noFlags"));
  if (s.same) lines.push("", w.t("entry.session.same"));
  else if (s.replaces) lines.push("", w.t("entry.session.replaces", { version: s.replaces.version }));
  lines.push("", w.t("entry.session.fixHint"), w.t("entry.notSaved"));
  return lines.join("\n");
}

export function viewText(w: Wording, view: SessionView): string {
  const s = view.state;
  const body = ((): string => {
    switch (view.step) {
      case "unit":
        return `${w.t("entry.session.head")}\n${w.t("entry.session.askUnit")}`;
      case "period":
        return `${w.t("entry.session.head")}\n${w.t("entry.session.askPeriod", { unit: s.unit ?? "", period: periodText(w, s) })}`;
      case "counts":
        return `${w.t("entry.session.head")}\n${countsPrompt(w, s)}`;
      case "summary":
        return view.summary ? summaryText(w, view.summary) : "";
    }
  })();
  return view.problem ? `⚠️ ${problemText(view.problem, w)}\n\n${body}` : body;
}

export function savedText(w: Wording, saved: SavedSession): string {
  const s = saved.summary;
  const key = saved.tally.unchanged ? "entry.session.savedSame" : "entry.session.saved";
  return w.t(key, { unit: s.unit, period: periodText(w, s), version: saved.version });
}
