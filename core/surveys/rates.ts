// Response rates with both denominators: everyone in the audience (what the published
// reports use: 3 476 of 6 558 students, 53,0%) and those the bot could reach.
import { percent } from "../shared/rounding.ts";

export interface RateCounts {
  responses: number;
  /** everyone the audience selected */
  audience: number;
  /** those the link reached (sent, not blocked or opted out) */
  reachable: number;
}

export interface ResponseRate extends RateCounts {
  /** percent of the audience, one decimal; null for an empty audience */
  ofAudience: number | null;
  ofReachable: number | null;
}

/**
 * responses / denominator in percent; null when there are more responses than people: then the
 * export holds answers from outside the audience (codes nobody was sent, a poster passed on),
 * and a rate over 100% would say nothing true.
 */
export function rateOf(responses: number, of: number): number | null {
  return responses <= of ? percent(responses, of) : null;
}

export function responseRate(c: RateCounts): ResponseRate {
  return { ...c, ofAudience: rateOf(c.responses, c.audience), ofReachable: rateOf(c.responses, c.reachable) };
}

/** Who has answered as far as the bot knows: pressed the button or found in the responses (each person once). */
export function answeredCount(people: readonly { confirmedAt: Date | null; respondedAt: Date | null }[]): number {
  return people.filter((p) => p.confirmedAt || p.respondedAt).length;
}
