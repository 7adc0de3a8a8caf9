// The registry in words: levels, states, a row's line, the counts line, and the JSON rows the
// CLI prints (names in the asker's language, dates as stored).
import {
  type AccreditationStatus,
  type ExpiryWindow,
  formatDay,
  PROGRAMME_LEVELS,
  type Programme,
  type ProgrammeLevel,
  programmeName,
  type StatusCounts,
} from "../../core/index.ts";
import type { Language } from "./i18n.ts";

type Words = { t: (key: string, params?: Record<string, unknown>) => string; lng: Language };

export const levelWord = (level: ProgrammeLevel | "institutional", w: Words) => w.t(`accreditation.level.${level}`);
/** A changed programme as an import names it ("bachelor 580500"), with the level in the reader's words. */
export function changeTarget(target: string, w: Words): string {
  const [level, ...rest] = target.split(" ");
  const known = (PROGRAMME_LEVELS as readonly string[]).includes(level ?? "");
  return known ? [levelWord(level as ProgrammeLevel, w), ...rest].join(" ") : target;
}

export const statusWord = (status: AccreditationStatus, w: Words) => w.t(`accreditation.status.${status}`);

/** "12 months", "90 days": a window as people say it. */
export function windowText(window: ExpiryWindow, w: Words): string {
  return "months" in window
    ? w.t("accreditation.windowMonths", { count: window.months })
    : w.t("accreditation.windowDays", { count: window.days });
}

export function countsLine(c: StatusCounts, w: Words): string {
  return w.t("accreditation.counts", { ...c, total: c.valid + c.expiring + c.expired + c.never });
}

interface Line {
  programme: Programme;
  current: { agency: string; decisionDate: string; expiresOn: string } | null;
  status: AccreditationStatus;
  daysLeft: number | null;
}

/** "580500 Бизнес-информатика (бакалавр) — NAA 01.06.2023 → 01.06.2028: 17 күн калды" */
export function registryLine(r: Line, w: Words): string {
  const head = `${r.programme.code} ${programmeName(r.programme, w.lng)} (${levelWord(r.programme.level, w)})`;
  if (!r.current) return `${head} — ${statusWord("never", w)}`;
  const span = `${r.current.agency} ${formatDay(r.current.decisionDate)} → ${formatDay(r.current.expiresOn)}`;
  const left =
    r.daysLeft === 0
      ? w.t("accreditation.expiredToday")
      : r.status === "expired"
        ? w.t("accreditation.expiredAgo", { count: -(r.daysLeft ?? 0) })
        : w.t("accreditation.daysLeft", { count: r.daysLeft ?? 0 });
  return `${head} — ${span}: ${left}`;
}

/** One programme as `--json` prints it. */
export function registryJson(r: Line, lng: Language) {
  return {
    code: r.programme.code,
    name: programmeName(r.programme, lng),
    level: r.programme.level,
    unit: r.programme.unit,
    agency: r.current?.agency ?? null,
    decisionDate: r.current?.decisionDate ?? null,
    expiresOn: r.current?.expiresOn ?? null,
    daysLeft: r.daysLeft,
    status: r.status,
  };
}

/** Rows grouped by unit in the order they come (soonest first within each). */
export function byUnit<R extends { programme: { unit: string } }>(rows: readonly R[]): [string, R[]][] {
  const groups = new Map<string, R[]>();
  for (const r of rows) groups.set(r.programme.unit, [...(groups.get(r.programme.unit) ?? []), r]);
  return [...groups];
}
