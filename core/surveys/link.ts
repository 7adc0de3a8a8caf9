// A survey's links: the personal one carries the recipient's opaque token in a prefilled
// field (Google Forms: `viewform?usp=pp_url&entry.N=<token>`), the poster's carries none
// (posters are public). Any form URL works, with or without a query string.
import { fail, type Outcome, ok, problem } from "../shared/problem.ts";

/** Longest form URL accepted (Telegram's URL buttons take about 2 000 bytes; the token adds ~30). */
export const MAX_FORM_URL = 1500;

/** A form URL as typed: http(s), a host, no spaces; returned normalised. */
export function parseFormUrl(text: string): Outcome<string> {
  const source = text.trim();
  if (source === "") return fail(problem("surveyUrlMissing"));
  if (source.length > MAX_FORM_URL || /\s/.test(source)) return fail(problem("surveyUrlBad", { url: source.slice(0, 80) }));
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return fail(problem("surveyUrlBad", { url: source.slice(0, 80) }));
  }
  if ((url.protocol !== "https:" && url.protocol !== "http:") || !url.hostname.includes("."))
    return fail(problem("surveyUrlBad", { url: source.slice(0, 80) }));
  return ok(url.toString());
}

/** A prefilled field's name: Google Forms' `entry.123456`, or any plain query parameter name. */
export function parseTokenField(text: string): Outcome<string> {
  const field = text.trim();
  if (!/^[A-Za-z_][\w.\-[\]]{0,63}$/.test(field)) return fail(problem("surveyTokenFieldBad", { name: field.slice(0, 40) }));
  return ok(field);
}

function isGoogleForm(url: URL): boolean {
  return /(^|\.)google\.com$/.test(url.hostname) && /\/forms\//.test(url.pathname) && /\/viewform$/.test(url.pathname);
}

/** The recipient's own link: the form URL with the token in its field (replacing one already there). */
export function personalLink(formUrl: string, tokenField: string | null, token: string): string {
  if (!tokenField) return formUrl;
  const url = new URL(formUrl);
  // a prefilled Google Form needs usp=pp_url to show the value
  if (isGoogleForm(url) && !url.searchParams.has("usp")) url.searchParams.set("usp", "pp_url");
  url.searchParams.set(tokenField, token);
  return url.toString();
}

/** The poster's link: the form URL without any token field value. */
export function posterLink(formUrl: string, tokenField: string | null): string {
  if (!tokenField) return formUrl;
  const url = new URL(formUrl);
  if (!url.searchParams.has(tokenField)) return formUrl;
  url.searchParams.delete(tokenField);
  return url.toString();
}

/** What a unit's poster puts in the token field: responses through it count for that unit. */
export function posterToken(unitCode: string): string {
  return `unit:${unitCode}`;
}
