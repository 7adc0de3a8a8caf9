// Campaigns in words: the audience as a sentence, progress as one line edited in place,
// and the final report naming who could not be reached and why.
import type { TFunction } from "i18next";
import { type Audience, selectsByFilter } from "../../core/index.ts";
import type { Language } from "./i18n.ts";

/** 3476 → "3 476" (ky/ru, a narrow space), "3,476" (en). */
export function count(n: number, lng: Language): string {
  return new Intl.NumberFormat(lng === "en" ? "en-US" : "ru-RU").format(n);
}

/** [2,3,4] → "2–4"; [2,3,5] → "2, 3, 5". */
export function courseList(courses: readonly number[]): string {
  const sorted = [...courses].sort((a, b) => a - b);
  const contiguous = sorted.every((c, i) => i === 0 || c === (sorted[i - 1] as number) + 1);
  return contiguous && sorted.length > 2 ? `${sorted[0]}–${sorted[sorted.length - 1]}` : sorted.join(", ");
}

/** "every department head of ИЭФ — 14 people". */
export function audienceSentence(t: TFunction, lng: Language, a: Audience, recipients: number): string {
  const byFilter = selectsByFilter(a);
  const users = a.users?.length ?? 0;
  let who = "";
  if (byFilter) {
    who = a.roles?.length
      ? t("delivery.audience.every", { roles: a.roles.map((r) => t(`delivery.roles.${r}`)).join(t("delivery.audience.and")) })
      : t("delivery.audience.everyone");
    who += a.units?.length ? t("delivery.audience.ofUnits", { units: a.units.join(", ") }) : t("delivery.audience.inInstitution");
    if (a.courses?.length) who += t("delivery.audience.courses", { courses: courseList(a.courses) });
    if (a.forms?.length) who += t("delivery.audience.forms", { forms: a.forms.map((f) => t(`common.form.${f}`)).join(", ") });
    if (a.groups?.length) who += t("delivery.audience.groups", { groups: a.groups.join(", ") });
    if (users) who += t("delivery.audience.plusUsers", { count: users });
  } else who = t("delivery.audience.users", { count: users });
  return t("delivery.audience.sentence", { who, count: recipients, n: count(recipients, lng) });
}

/** What the progress line and the report count. */
export interface ProgressCounts {
  total: number;
  sent: number;
  queued: number;
  sending: number;
  failed: number;
  unreachable: number;
  skipped: number;
  resent: number;
  reasons: Record<string, number>;
}

const REASON_ORDER = ["blocked", "notStarted", "deactivated", "chatNotFound"];

function parts(t: TFunction, lng: Language, c: ProgressCounts, done: boolean): string {
  let line = "";
  const reasons = Object.entries(c.reasons).sort(([a], [b]) => REASON_ORDER.indexOf(a) - REASON_ORDER.indexOf(b));
  for (const [reason, n] of reasons)
    if (n > 0) line += t("delivery.progressPart", { count: count(n, lng), reason: t(`delivery.reason.${reason}`) });
  if (c.skipped > 0) line += t("delivery.progressPart", { count: count(c.skipped, lng), reason: t("delivery.reason.optedOut") });
  if (c.failed > 0) line += t("delivery.progressPart", { count: count(c.failed, lng), reason: t("delivery.reason.network") });
  const waiting = c.queued + c.sending;
  if (!done && waiting > 0) line += ` · ${t("delivery.queued", { count: count(waiting, lng) })}`;
  return line;
}

/** "📨 Sending: delivered 1 234 / 3 476 · 12 blocked the bot · 3 never started the bot". */
export function progressText(t: TFunction, lng: Language, c: ProgressCounts): string {
  return t("delivery.progress", { sent: count(c.sent, lng), total: count(c.total, lng) }) + parts(t, lng, c, false);
}

export interface UndeliveredLine {
  state: string;
  errorKind: string | null;
  chatId: string;
  user: { firstName: string | null; username: string | null; role: string; scopeUnit: { code: string } | null };
}

/** The final report: counts, possible duplicates, then who was not reached (up to `max` lines). */
export function reportText(
  t: TFunction,
  lng: Language,
  campaignId: number,
  c: ProgressCounts,
  undelivered: readonly UndeliveredLine[],
  max = 40,
): string {
  const lines = [t("delivery.done", { sent: count(c.sent, lng), total: count(c.total, lng) }) + parts(t, lng, c, true)];
  if (c.resent > 0) lines.push(t("delivery.resent", { count: c.resent }));
  if (undelivered.length) {
    lines.push("", t("delivery.unreachableHeader"));
    for (const u of undelivered.slice(0, max)) {
      const name = u.user.firstName ?? (u.user.username ? `@${u.user.username}` : t("delivery.someone", { id: u.chatId }));
      const who = [name, u.user.username && u.user.firstName ? `@${u.user.username}` : null, u.user.scopeUnit?.code]
        .filter(Boolean)
        .join(", ");
      lines.push(t("delivery.unreachableLine", { who, reason: t(`delivery.reason.${u.errorKind ?? "network"}`) }));
    }
    if (undelivered.length > max) lines.push(t("delivery.unreachableMore", { count: undelivered.length - max, id: campaignId }));
  }
  return lines.join("\n");
}
