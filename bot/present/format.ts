// Numbers the way users write them: "65,0%" in ky/ru, "65.0%" in en.
import type { Language } from "./i18n.ts";

const ONE_DECIMAL: Record<Language, Intl.NumberFormat> = {
  ky: new Intl.NumberFormat("ru-RU", { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false }),
  ru: new Intl.NumberFormat("ru-RU", { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false }),
  en: new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false }),
};

const UP_TO_TWO: Record<Language, Intl.NumberFormat> = {
  ky: new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 2, useGrouping: false }),
  ru: new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 2, useGrouping: false }),
  en: new Intl.NumberFormat("en-US", { maximumFractionDigits: 2, useGrouping: false }),
};

/** Any figure with up to two decimals: 35.72 → "35,72" (ky/ru). */
export function num(value: number, lng: Language): string {
  return UP_TO_TWO[lng].format(value);
}

/** 65 → "65,0%" (ky/ru) or "65.0%" (en); "—" where the figure cannot be computed. */
export function pct(value: number | null | undefined, lng: Language): string {
  return value === null || value === undefined ? "—" : `${ONE_DECIMAL[lng].format(value)}%`;
}

/** A one-decimal number without the percent sign. */
export function dec1(value: number | null | undefined, lng: Language): string {
  return value === null || value === undefined ? "—" : ONE_DECIMAL[lng].format(value);
}

/** −13.5 → "−13,5"; +16.8 → "+16,8". */
export function signed(value: number | null | undefined, lng: Language): string {
  if (value === null || value === undefined) return "—";
  const s = ONE_DECIMAL[lng].format(Math.abs(value));
  return value > 0 ? `+${s}` : value < 0 ? `−${s}` : s;
}

export function int(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : String(value);
}

/** Every date and time a user reads is Bishkek's (UTC+6, no daylight saving). */
export const TIME_ZONE = "Asia/Bishkek";

const CALENDAR = new Intl.DateTimeFormat("en-CA", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

function calendar(d: Date): Record<"year" | "month" | "day" | "hour" | "minute", string> {
  const parts = Object.fromEntries(CALENDAR.formatToParts(d).map((p) => [p.type, p.value]));
  return {
    year: parts.year ?? "",
    month: parts.month ?? "",
    day: parts.day ?? "",
    hour: parts.hour ?? "",
    minute: parts.minute ?? "",
  };
}

/** The day in Bishkek: "01.12.2026" (ky/ru), "2026-12-01" (en). */
export function day(d: Date, lng: Language): string {
  const { year, month, day } = calendar(d);
  return lng === "en" ? `${year}-${month}-${day}` : `${day}.${month}.${year}`;
}

/** Day and time in Bishkek: "01.12.2026 02:30" (ky/ru), "2026-12-01 02:30" (en). */
export function dateTime(d: Date, lng: Language): string {
  const { hour, minute } = calendar(d);
  return `${day(d, lng)} ${hour}:${minute}`;
}
