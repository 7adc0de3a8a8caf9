// Data requests in words, for the bot and the CLI alike: what is asked, the board's counts and
// unit lines, the reminders, the preview before sending. Days as users write them
// ("25.09.2026") in every language, times in Bishkek.
import type { TFunction } from "i18next";
import { formatDay, PRACTICE_KINDS, type RequestCounts, type RequestWhat, type UnitState } from "../../core/index.ts";
import { dateTime } from "./format.ts";
import type { Language } from "./i18n.ts";

export interface Wording {
  t: TFunction;
  lng: Language;
}

/** A day and time the way the deadline is written: "18.09.2026 09:00". */
export const when = (at: Date) => dateTime(at, "ru");

export function kindsText(w: Wording, kinds: readonly string[]): string {
  if (PRACTICE_KINDS.every((k) => kinds.includes(k))) return w.t("requests.allKinds");
  return kinds.map((k) => w.t(`practice.kind.${k}`)).join(", ");
}

export function whatText(w: Wording, what: RequestWhat): string {
  if (what.subject === "practice") return w.t("requests.what.practice", { year: what.year, kinds: kindsText(w, what.kinds) });
  return w.t("requests.what.session", {
    year: what.year,
    term: w.t(`common.term.${what.term}`),
    stage: w.t(`common.stage.${what.stage}`),
    form: w.t(`common.form.${what.form ?? "all"}`),
  });
}

export function countsText(w: Wording, c: RequestCounts): string {
  return w.t("requests.counts", { ...c });
}

export interface PersonLike {
  telegramId: string;
  firstName: string | null;
  username: string | null;
  unreachableReason: string | null;
}

export function personName(w: Wording, p: PersonLike): string {
  const name = p.firstName ?? (p.username ? `@${p.username}` : w.t("delivery.someone", { id: p.telegramId }));
  return p.unreachableReason ? `${name} (${w.t(`delivery.reason.${p.unreachableReason}`)})` : name;
}

const ICON: Record<UnitState, string> = { submitted: "✅", pending: "⏳", overdue: "⚠️" };

export interface RowLike {
  unit: string;
  state: UnitState;
  submittedAt: Date | null;
  late: boolean;
  heads: readonly PersonLike[];
}

export function unitLine(w: Wording, row: RowLike): string {
  const who = row.heads.length ? row.heads.map((h) => personName(w, h)).join(", ") : w.t("requests.board.noHead");
  if (row.state !== "submitted" || !row.submittedAt) return `${ICON[row.state]} ${row.unit} — ${who}`;
  const at = w.t(row.late ? "requests.board.submittedLate" : "requests.board.submittedAt", { at: when(row.submittedAt) });
  return `${ICON.submitted} ${row.unit} — ${at}`;
}

export interface NoticeLike {
  kind: "lead" | "overdue";
  at: Date;
  state: "done" | "due" | "cancelled" | "failed";
}

/** "Reminders: 18.09.2026 09:00 ✓, 22.09.2026 09:00 · overdue list: 26.09.2026 09:00". */
export function noticesText(w: Wording, notices: readonly NoticeLike[]): string | null {
  const mark = (n: NoticeLike) => `${when(n.at)}${n.state === "done" ? " ✓" : n.state === "cancelled" ? " ✗" : ""}`;
  const leads = notices.filter((n) => n.kind === "lead").map(mark);
  const overdue = notices.filter((n) => n.kind === "overdue").map(mark);
  const parts = [
    ...(leads.length ? [w.t("requests.board.reminders", { list: leads.join(", ") })] : []),
    ...(overdue.length ? [w.t("requests.board.overdueList", { at: overdue.join(", ") })] : []),
  ];
  return parts.length ? parts.join(" · ") : null;
}

export interface BoardLike {
  request: { id: number; what: RequestWhat; status: string; closedAt: Date | null };
  deadlineDay: string;
  counts: RequestCounts;
  withoutHead: number;
  notices: readonly NoticeLike[];
  requester: string | null;
}

/** The board's first lines: what, by when, by whom, the counts, closed or the reminders. */
export function boardHeader(w: Wording, b: BoardLike): string[] {
  const { request } = b;
  const by = b.requester ? ` · ${w.t("requests.board.by", { name: b.requester })}` : "";
  const lines = [
    w.t("requests.board.title", { id: request.id, what: whatText(w, request.what) }),
    `${w.t("requests.board.deadline", { deadline: formatDay(b.deadlineDay) })}${by}`,
    countsText(w, b.counts),
  ];
  if (b.withoutHead) lines.push(w.t("requests.board.withoutHead", { count: b.withoutHead }));
  if (request.status === "closed" && request.closedAt) lines.push(w.t("requests.board.closed", { at: when(request.closedAt) }));
  else {
    const notices = noticesText(w, b.notices);
    if (notices) lines.push(notices);
  }
  return lines;
}

/** The first `max` codes, then "… and N more". */
export function unitList(w: Wording, codes: readonly string[], max = 20): string {
  if (codes.length <= max) return codes.join(", ");
  return `${codes.slice(0, max).join(", ")} ${w.t("requests.andMore", { count: codes.length - max })}`;
}

export interface PlanLike {
  what: RequestWhat;
  from: readonly string[] | null;
  listed: boolean;
  units: readonly string[];
  deadlineDay: string;
  reminders: readonly { at: Date }[];
  overdueAt: Date;
  heads: number;
  withoutHead: readonly string[];
  alreadySubmitted: readonly string[];
  /** whether the requester is a person who gets the overdue list too */
  toRequester: boolean;
}

/** Who is asked: "every department of ЭФ — 14 units", or the units listed. */
export function fromText(w: Wording, p: Pick<PlanLike, "from" | "listed" | "units">): string {
  const count = p.units.length;
  // a unit without departments answers itself: "Кара-Балта ш. филиал (1 unit)", not "every department of"
  const themselves = p.from !== null && p.units.every((u) => p.from?.includes(u));
  if (p.listed || themselves) return w.t("requests.plan.listed", { units: unitList(w, p.units), count });
  if (p.from === null) return w.t("requests.plan.fromInstitution", { count });
  return w.t("requests.plan.from", { units: p.from.join(", "), count });
}

/** When it reminds, and where it does not reach (the preview's and the CLI's last lines). */
export function planSchedule(w: Wording, p: PlanLike): string[] {
  const reminders = p.reminders.length ? p.reminders.map((r) => when(r.at)).join(", ") : w.t("requests.plan.noReminders");
  const lines = [
    w.t("requests.plan.reminders", { list: reminders }),
    w.t(p.toRequester ? "requests.plan.overdue" : "requests.plan.overdueDeans", { at: when(p.overdueAt) }),
  ];
  if (p.withoutHead.length)
    lines.push(w.t("requests.plan.withoutHead", { count: p.withoutHead.length, units: unitList(w, p.withoutHead) }));
  if (p.alreadySubmitted.length)
    lines.push(w.t("requests.plan.submitted", { count: p.alreadySubmitted.length, units: unitList(w, p.alreadySubmitted) }));
  return lines;
}

/** The preview before anything is sent: what, from whom, by when, who gets it now, reminders. */
export function planText(w: Wording, p: PlanLike): string {
  return [
    w.t("requests.plan.title"),
    w.t("requests.plan.what", { what: whatText(w, p.what) }),
    w.t("requests.plan.who", { who: fromText(w, p) }),
    w.t("requests.plan.deadline", { deadline: formatDay(p.deadlineDay) }),
    p.heads ? w.t("requests.plan.heads", { count: p.heads }) : w.t("requests.plan.noHeads"),
    ...planSchedule(w, p),
  ].join("\n");
}
