// Surveys in words, for every trigger: the status block (counts and both rates), a list
// line, and the survey's phase and dates as users write them.
import type { TFunction } from "i18next";
import { closingDay, formatDay, localDay, type ResponseRate, type SurveyPhase } from "../../core/index.ts";
import { count } from "./delivery.ts";
import { pct } from "./format.ts";
import type { Language } from "./i18n.ts";

/** What the words need of a survey (the app's status, without importing it). */
export interface SurveyFacts {
  id: number;
  title: string;
  phase: SurveyPhase;
  opensAt: Date;
  closesAt: Date;
  counts: { audience: number; reachable: number; sent: number; unreachable: number; confirmed: number; responses: number };
  rate: ResponseRate;
}

export function opensText(opensAt: Date, timeZone: string): string {
  return formatDay(localDay(opensAt, timeZone));
}

export function phaseText(t: TFunction, s: Pick<SurveyFacts, "phase" | "opensAt">, timeZone: string): string {
  return t(`surveys.phase.${s.phase}`, { opens: opensText(s.opensAt, timeZone) });
}

/** "#3 Title · open · closes 15.09.2026" */
export function surveyHead(t: TFunction, s: SurveyFacts, timeZone: string): string {
  return t("surveys.status.head", {
    id: s.id,
    title: s.title,
    phase: phaseText(t, s, timeZone),
    closes: closingDay(s.closesAt, timeZone),
  });
}

/** The head, the counts and the rate with both denominators ("53,0%"). */
export function surveyStatusText(t: TFunction, lng: Language, s: SurveyFacts, timeZone: string): string {
  const c = s.counts;
  const n = (x: number) => count(x, lng);
  return [
    surveyHead(t, s, timeZone),
    t("surveys.status.counts", {
      audience: n(c.audience),
      reachable: n(c.reachable),
      sent: n(c.sent),
      unreachable: n(c.unreachable),
      confirmed: n(c.confirmed),
      responses: n(c.responses),
    }),
    t("surveys.status.rate", {
      answered: n(s.rate.responses),
      ofAudience: pct(s.rate.ofAudience, lng),
      ofReachable: pct(s.rate.ofReachable, lng),
    }),
  ].join("\n");
}

/** "72 h, 24 h" as the preview lists reminder times. */
export function reminderHoursText(hours: readonly number[]): string {
  return hours.length ? hours.map((h) => (h % 24 === 0 ? `${h / 24}d` : `${h}h`)).join(", ") : "—";
}
