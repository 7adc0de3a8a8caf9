// /history in words: each version's figures, who gave them (name, @username), when (Bishkek
// time), from which chat or file, and what replaced it; restore buttons for the quality department.
import { Markup } from "telegraf";
import type { InlineKeyboardMarkup } from "telegraf/types";
import type { PracticeLine, SessionLine, UnitHistory, VersionLine } from "../../app/entry/unit-history.ts";
import { dateTime, pct } from "../../present/format.ts";
import type { Wording } from "../../present/problem.ts";
import { kindName } from "../practice-entry/text.ts";
import { periodText } from "../session-entry/text.ts";
import { encodeRestore } from "./callback-data.ts";

/** Lines of each kind a message shows; the CLI lists everything. */
const MAX_PRACTICE = 20;
const MAX_SESSION = 10;
const MAX_BUTTONS = 8;

function who(v: VersionLine): string {
  const p = v.person;
  if (!p) return v.enteredBy;
  const name = p.firstName ?? v.enteredBy;
  return p.username ? `${name} (@${p.username})` : name;
}

function sourceText(w: Wording, v: VersionLine): string {
  const restored = /^(restore|revert):v(\d+)$/.exec(v.source);
  if (restored)
    return w.t(restored[1] === "restore" ? "versions.sourceRestore" : "versions.sourceRevert", { version: restored[2] });
  if (v.source === "chat") return w.t("versions.sourceChat", { chat: v.chatId ?? "?" });
  if (v.source === "cli") return w.t("versions.sourceCli");
  return w.t("versions.sourceFile", { file: v.source });
}

function byLine(w: Wording, v: VersionLine): string {
  const state =
    v.supersededAt === null
      ? w.t("versions.current")
      : v.replacedBy !== null
        ? w.t("versions.replacedBy", { version: v.replacedBy, at: dateTime(v.supersededAt, w.lng) })
        : w.t("versions.replaced", { at: dateTime(v.supersededAt, w.lng) });
  return w.t("versions.by", { who: who(v), at: dateTime(v.enteredAt, w.lng), source: sourceText(w, v), state });
}

const practiceWhat = (w: Wording, p: PracticeLine) => `${p.year} ${kindName(w, p.kind)}`;

function practiceLines(w: Wording, p: PracticeLine): string[] {
  const head = w.t("versions.practiceLine", {
    year: p.year,
    kind: kindName(w, p.kind),
    version: `${p.version} #${p.id}`,
    completed: p.completed,
    assigned: p.assigned,
    rate: pct(p.rate, w.lng),
  });
  return [head, byLine(w, p)];
}

const sessionPeriod = (w: Wording, s: SessionLine) => periodText(w, s as Parameters<typeof periodText>[1]);

function sessionLines(w: Wording, s: SessionLine): string[] {
  const c = s.counts;
  const head = w.t("versions.sessionLine", {
    period: sessionPeriod(w, s),
    version: `${s.version} #s${s.id}`,
    enrolled: c.enrolled ?? "—",
    admitted: c.admitted ?? "—",
    passed: c.passedAll ?? "—",
    absolute: pct(s.absolute, w.lng),
  });
  return [head, byLine(w, s)];
}

export function historyText(w: Wording, h: UnitHistory): string {
  if (!h.practice.length && !h.session.length) return w.t("versions.none", { unit: h.unit });
  const out = [w.t("versions.title", { unit: h.unit })];
  const more = (n: number) => (n > 0 ? [w.t("versions.more", { count: n, unit: h.unit })] : []);
  if (h.practice.length) {
    out.push("", w.t("versions.practiceTitle"), ...h.practice.slice(0, MAX_PRACTICE).flatMap((p) => practiceLines(w, p)));
    out.push(...more(h.practice.length - MAX_PRACTICE));
  }
  if (h.session.length) {
    out.push("", w.t("versions.sessionTitle"), ...h.session.slice(0, MAX_SESSION).flatMap((s) => sessionLines(w, s)));
    out.push(...more(h.session.length - MAX_SESSION));
  }
  if (h.canRestore && restorable(h).length) out.push("", w.t("versions.restoreHint"));
  return out.join("\n");
}

/** The earlier versions shown, newest first, that a button may bring back. */
function restorable(h: UnitHistory) {
  const practice = h.practice.slice(0, MAX_PRACTICE).filter((p) => p.supersededAt !== null);
  const session = h.session.slice(0, MAX_SESSION).filter((s) => s.supersededAt !== null);
  return [
    ...practice.map((p) => ({ table: "practice" as const, line: p })),
    ...session.map((s) => ({ table: "session" as const, line: s })),
  ];
}

export function historyKeyboard(w: Wording, h: UnitHistory): { reply_markup?: InlineKeyboardMarkup } {
  if (!h.canRestore) return {};
  const buttons = restorable(h)
    .slice(0, MAX_BUTTONS)
    .map(({ table, line }) =>
      Markup.button.callback(
        w.t("versions.restoreButton", {
          what: table === "practice" ? practiceWhat(w, line as PracticeLine) : sessionPeriod(w, line as SessionLine),
          version: line.version,
        }),
        encodeRestore(table, line.id),
      ),
    );
  return buttons.length ? { reply_markup: Markup.inlineKeyboard(buttons.map((b) => [b])).reply_markup } : {};
}
