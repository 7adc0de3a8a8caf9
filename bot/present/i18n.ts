// i18next over locales/<lng>/<feature>.json. Each file's keys sit under its feature name
// (locales/ky/report.json → "report.*"), so a feature's strings stay together.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import i18next, { type TFunction } from "i18next";
import { REPO_ROOT } from "../../prisma/package-root.ts";

export const LANGUAGES = ["ky", "ru", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "ky";

export const LOCALES_DIR = path.join(REPO_ROOT, "locales");

export function isLanguage(x: unknown): x is Language {
  return typeof x === "string" && (LANGUAGES as readonly string[]).includes(x);
}

/** Telegram's language_code ("ru", "en-US", "ky") → one of ours, else Kyrgyz. */
export function languageFrom(code: string | undefined | null): Language {
  const base = code?.toLowerCase().split(/[-_]/)[0];
  return isLanguage(base) ? base : DEFAULT_LANGUAGE;
}

export function loadResources(dir = LOCALES_DIR): Record<Language, Record<string, unknown>> {
  const out = {} as Record<Language, Record<string, unknown>>;
  for (const lng of LANGUAGES) {
    const tree: Record<string, unknown> = {};
    for (const file of readdirSync(path.join(dir, lng))
      .filter((f) => f.endsWith(".json"))
      .sort())
      tree[path.basename(file, ".json")] = JSON.parse(readFileSync(path.join(dir, lng, file), "utf8"));
    out[lng] = tree;
  }
  return out;
}

let ready: Promise<typeof i18next> | undefined;

/** One shared i18next instance, initialised once. */
export function initI18n(): Promise<typeof i18next> {
  ready ??= (async () => {
    const resources = loadResources();
    await i18next.init({
      lng: DEFAULT_LANGUAGE,
      fallbackLng: DEFAULT_LANGUAGE,
      supportedLngs: [...LANGUAGES],
      resources: Object.fromEntries(Object.entries(resources).map(([l, tree]) => [l, { translation: tree }])),
      interpolation: { escapeValue: false },
      returnNull: false,
    });
    return i18next;
  })();
  return ready;
}

export async function translator(lng: Language): Promise<TFunction> {
  return (await initI18n()).getFixedT(lng);
}
