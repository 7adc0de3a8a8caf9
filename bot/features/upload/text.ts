// A file sent to the bot in words and buttons: why it was refused (the first rows with their
// line numbers), what its percentages are, the preview — new, corrected (stored → in the
// file), unchanged — with Confirm and Cancel, and what was written. Plain text: file names
// and cell values are shown as they are.

import { Markup } from "telegraf";
import type { InlineKeyboardMarkup } from "telegraf/types";
import type { PreviewChange } from "../../app/imports/preview.ts";
import { type ConfirmStep, FIGURE_CHOICES, type UploadStep } from "../../app/imports/upload-file.ts";
import type { PlanRegistryStep } from "../../app/imports/upload-plan-registry.ts";
import { itemUnits } from "../../app/plans/plan-people.ts";
import type { SapatContext } from "../../context.ts";
import type { ImportIssue } from "../../io/table.ts";
import { changeTarget } from "../../present/accreditation.ts";
import { num } from "../../present/format.ts";
import { itemLine } from "../../present/plans.ts";
import { problemText } from "../../present/problem.ts";
import { refText } from "../../present/result-ref.ts";
import { rosterLines } from "../../present/roster.ts";
import { encode } from "./callback-data.ts";

type Wording = Pick<SapatContext, "t" | "lng">;
export interface Reply {
  text: string;
  keyboard?: Markup.Markup<InlineKeyboardMarkup>;
}

/** Rows listed per part in a chat message; the rest are counted. */
export const SHOWN = 10;

const more = (w: Wording, total: number) => (total > SHOWN ? [w.t("upload.more", { n: total - SHOWN })] : []);

/** "line 3: …", or the sentence alone for the file as a whole. */
const atLine = (w: Wording, line: number, message: string) => (line ? w.t("import.issue", { line, message }) : message);

export function issuesText(w: Wording, fileName: string, issues: readonly ImportIssue[]): string {
  return [
    w.t("import.rejected", { file: fileName }),
    ...issues.slice(0, SHOWN).map((i) => `• ${atLine(w, i.line, problemText(i, w))}`),
    ...more(w, issues.length),
  ].join("\n");
}

const valueText = (w: Wording, v: PreviewChange["changes"][number]["from"]) =>
  v === null ? "—" : typeof v === "boolean" ? (v ? "yes" : "no") : typeof v === "number" ? num(v, w.lng) : v;

function changeLines(w: Wording, c: PreviewChange): string[] {
  const figures = c.changes.map((x) => `${x.column} ${valueText(w, x.from)} → ${valueText(w, x.to)}`).join("; ");
  return [`• ${atLine(w, c.line, refText(w, c.what))}`, `   ${figures}`, ...c.warnings.map((x) => `   ⚠ ${problemText(x, w)}`)];
}

function buttons(w: Wording, uploadId: number, token: string | null) {
  return Markup.inlineKeyboard([
    [
      Markup.button.callback(w.t("upload.confirm"), encode({ op: "confirm", uploadId, token })),
      Markup.button.callback(w.t("upload.cancel"), encode({ op: "cancel", uploadId })),
    ],
  ]);
}

function previewReply(w: Wording, step: Extract<UploadStep, { status: "preview" }>): Reply {
  const head = { file: step.fileName, kind: w.t(`upload.kind.${step.kind}`), read: step.read };
  if (step.units) {
    const { added, corrected, unchanged } = step.units;
    const text = w.t("upload.previewUnits", { ...head, added, corrected, unchanged });
    if (!added && !corrected) return { text: `${text}\n\n${w.t("upload.nothingToWrite")}` };
    return { text: `${text}\n\n${w.t("upload.confirmHint")}`, keyboard: buttons(w, step.uploadId, null) };
  }
  const p = step.preview;
  if (!p) throw new Error("a preview without figures");
  const lines = [w.t("upload.preview", { ...head, added: p.added.length, changed: p.changed.length, unchanged: p.unchanged })];
  if (p.newUnits.length) lines.push(w.t("import.newUnits", { units: p.newUnits.join(", ") }));
  if (p.added.length) {
    lines.push("", w.t("import.addedTitle", { n: p.added.length }));
    lines.push(...p.added.slice(0, SHOWN).map((a) => `• ${atLine(w, a.line, refText(w, a.what))}`), ...more(w, p.added.length));
  }
  if (p.changed.length) {
    lines.push("", w.t("import.changedTitle", { n: p.changed.length }));
    lines.push(...p.changed.slice(0, SHOWN).flatMap((c) => changeLines(w, c)), ...more(w, p.changed.length));
  }
  if (!p.added.length && !p.changed.length) return { text: [...lines, "", w.t("upload.nothingToWrite")].join("\n") };
  lines.push("", w.t("upload.confirmHint"));
  return { text: lines.join("\n"), keyboard: buttons(w, step.uploadId, p.token) };
}

function figuresReply(w: Wording, step: Extract<UploadStep, { status: "chooseFigures" }>): Reply {
  const rows = FIGURE_CHOICES.map((c, choice) => {
    const label =
      c.metric === "practice"
        ? w.t("upload.metric.practice")
        : c.term && c.form
          ? w.t("upload.absoluteFor", { term: w.t(`common.term.${c.term}`), form: w.t(`common.form.${c.form}`) })
          : w.t("upload.metric.absolute");
    return [Markup.button.callback(label, encode({ op: "figures", uploadId: step.uploadId, choice }))];
  });
  rows.push([Markup.button.callback(w.t("upload.cancel"), encode({ op: "cancel", uploadId: step.uploadId }))]);
  return { text: w.t("upload.chooseFigures", { file: step.fileName }), keyboard: Markup.inlineKeyboard(rows) };
}

/** The roster's preview: Write when it adds or moves anyone (moves carry the preview's token). */
function rosterReply(w: Wording, step: Extract<UploadStep, { status: "roster" }>): Reply {
  const lines = rosterLines(w, step.fileName, step.read, step.roster, "pending");
  if (!step.roster.added && !step.roster.moved.length) return { text: [...lines, "", w.t("upload.nothingToWrite")].join("\n") };
  const token = step.roster.moved.length ? step.roster.token : null;
  return { text: [...lines, "", w.t("roster.confirmHintChat")].join("\n"), keyboard: buttons(w, step.uploadId, token) };
}

/** Room for a plan's items in one message (Telegram takes 4096 characters), the hint after them included. */
const PLAN_TEXT_MAX = 3600;

/** A plan file as `sapat plan import` shows it (fan-outs expanded), with Write and Cancel. */
function planReply(w: Wording, step: Extract<PlanRegistryStep, { status: "plan" }>): Reply {
  const { header: h, items } = step.preview;
  const lines = [
    w.t("upload.planPreview", { file: step.fileName, kind: w.t("upload.kind.plan") }),
    w.t("plans.cli.preview", { title: h.title, count: items.length, controller: h.controllerText, year: h.year }),
  ];
  // every item that fits in one message (a resolution runs to a few dozen), each with the units it names
  let shown = 0;
  for (const i of items) {
    const unit = itemUnits({ unit: null, responsible: i.responsible }).join(", ") || null;
    const stages = i.stages.map((s, n) => ({ ...s, position: n + 1, done: false }));
    const line = itemLine(w, { ...i, unit, stages }, "open");
    if (lines.join("\n").length + line.length > PLAN_TEXT_MAX) break;
    lines.push(line);
    shown += 1;
  }
  if (shown < items.length) lines.push(w.t("upload.more", { n: items.length - shown }));
  return { text: [...lines, "", w.t("upload.planHint")].join("\n"), keyboard: buttons(w, step.uploadId, null) };
}

/** "bachelor 580500" in the reader's words ("бакалавриат 580500"). */
/** A registry file as `sapat import programmes|…` shows it: counts, new agencies, changed programmes. */
function registryReply(w: Wording, step: Extract<PlanRegistryStep, { status: "registry" }>): Reply {
  const o = step.outcome;
  const counts = { read: o.read, added: o.added.length, changed: o.changed.length, unchanged: o.unchanged };
  const lines = [w.t("upload.registryPreview", { file: step.fileName, kind: w.t(`upload.kind.${o.kind}`), ...counts })];
  if (o.newAgencies.length) lines.push(w.t("accreditation.import.newAgencies", { agencies: o.newAgencies.join(", ") }));
  for (const c of o.changed.slice(0, SHOWN))
    lines.push(
      `• ${changeTarget(c.target, w)}: ${c.changes.map((f) => `${f.field} “${f.from ?? ""}” → “${f.to ?? ""}”`).join("; ")}`,
    );
  lines.push(...more(w, o.changed.length), ...o.warnings.slice(0, SHOWN).map((x) => `⚠ ${atLine(w, x.line, problemText(x, w))}`));
  if (!o.added.length && !o.changed.length) return { text: [...lines, "", w.t("upload.nothingToWrite")].join("\n") };
  return { text: [...lines, "", w.t("upload.registryHint")].join("\n"), keyboard: buttons(w, step.uploadId, step.token) };
}

export function stepReply(w: Wording, step: UploadStep): Reply {
  if (step.status === "rejected") return { text: issuesText(w, step.fileName, step.issues) };
  if (step.status === "roster") return rosterReply(w, step);
  if (step.status === "plan") return planReply(w, step);
  if (step.status === "registry") return registryReply(w, step);
  if (step.status === "chooseFigures") return figuresReply(w, step);
  return previewReply(w, step);
}

export function confirmReply(w: Wording, step: ConfirmStep): Reply {
  if (step.status === "already") return { text: w.t("upload.already") };
  if (step.status === "rosterWritten")
    return { text: w.t("roster.writtenChat", { added: step.roster.added, moved: step.roster.moved.length }) };
  if (step.status === "planWritten") return { text: w.t("upload.planWritten", { id: step.planId, count: step.items }) };
  if (step.status === "registryWritten") {
    const o = step.outcome;
    return { text: w.t("upload.registryWritten", { added: o.added.length, changed: o.changed.length, unchanged: o.unchanged }) };
  }
  if (step.status === "written") {
    const { added, corrected, unchanged } = step.tally;
    return { text: w.t(step.kind === "units" ? "upload.writtenUnits" : "upload.written", { added, corrected, unchanged }) };
  }
  // the stored figures moved since the preview: the new one, to confirm again
  const again = stepReply(w, step);
  if (step.status === "registry") return { ...again, text: `${w.t("upload.registryChangedSince")}\n\n${again.text}` };
  return step.status === "preview" || step.status === "roster"
    ? { ...again, text: `${w.t("upload.changedSince")}\n\n${again.text}` }
    : again;
}
