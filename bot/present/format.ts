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
