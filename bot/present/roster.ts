// The student roster's import in words, the same in the CLI and the chat: how many new,
// moved and unchanged, each move field by field (with "the bound account follows"), and
// the students the file no longer lists, kept.
import type { RosterMove, RosterPreview } from "../../core/index.ts";
import type { Wording } from "./problem.ts";

/** Students listed per part; the rest are counted. */
const SHOWN = 10;

const more = (w: Wording, total: number) => (total > SHOWN ? [w.t("roster.more", { n: total - SHOWN })] : []);

function fieldValue(w: Wording, field: RosterMove["changes"][number]["field"], v: string | number): string {
  if (field === "form") return w.t(`common.form.${v}`);
  return String(v);
}

function moveLine(w: Wording, m: RosterMove): string {
  const changes = m.changes
    .map((c) => `${w.t(`roster.field.${c.field}`)} ${fieldValue(w, c.field, c.from)} → ${fieldValue(w, c.field, c.to)}`)
    .join("; ");
  const who = w.t("roster.lineStudent", { line: m.line, id: m.studentId, name: m.fullName });
  return `• ${who}: ${changes}${m.bound ? ` ${w.t("roster.follows")}` : ""}`;
}

/** The whole outcome: `written` says what was stored, `pending` what waits for confirmation. */
export function rosterLines(w: Wording, file: string, read: number, p: RosterPreview, status: "written" | "pending"): string[] {
  const counts = { file, read, added: p.added, moved: p.moved.length, unchanged: p.unchanged };
  const lines = [w.t(status === "written" ? "roster.written" : "roster.pending", counts)];
  if (status === "pending" && p.added) {
    lines.push("", w.t("roster.addedTitle", { n: p.added }));
    lines.push(
      ...p.addedRows
        .slice(0, SHOWN)
        .map((a) => `• ${w.t("roster.lineStudent", { line: a.line, id: a.studentId, name: a.fullName })} (${a.groupName})`),
      ...more(w, p.added),
    );
  }
  if (p.moved.length) {
    lines.push("", w.t(status === "written" ? "roster.movedTitle" : "roster.movingTitle", { n: p.moved.length }));
    lines.push(...p.moved.slice(0, SHOWN).map((m) => moveLine(w, m)), ...more(w, p.moved.length));
  }
  if (p.missing.length) {
    lines.push("", w.t("roster.missingTitle", { n: p.missing.length }));
    lines.push(
      ...p.missing
        .slice(0, SHOWN)
        .map((s) => `• ${s.studentId} ${s.fullName} (${s.groupName})${s.bound ? ` ${w.t("roster.bound")}` : ""}`),
      ...more(w, p.missing.length),
    );
  }
  return lines;
}
