// Every string exists in every language, with the same {{placeholders}}: a key added to one
// locale only would show users a raw key (or Kyrgyz) in the others.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LANGUAGES, type Language, loadResources } from "../../bot/present/i18n.ts";
import { tempDir } from "../helpers.ts";

type Tree = Record<string, unknown>;

/** Leaf key ("problems.inviteUsed") → its value(s); plural forms (key_one, key_few …) fold into one key. */
function leaves(tree: Tree, prefix = "", out = new Map<string, unknown[]>()): Map<string, unknown[]> {
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) leaves(value as Tree, full, out);
    else {
      const base = full.replace(/_(zero|one|two|few|many|other)$/, "");
      out.set(base, [...(out.get(base) ?? []), value]);
    }
  }
  return out;
}

/** {{name}} and {{name, format}} → name; $t(other.key) nestings count too. */
function placeholders(values: unknown[]): string[] {
  const texts = values.filter((v): v is string => typeof v === "string");
  const names = texts.flatMap((s) => [
    ...[...s.matchAll(/\{\{\s*-?\s*([^},\s]+)[^}]*\}\}/g)].map((m) => `{{${m[1]}}}`),
    ...[...s.matchAll(/\$t\(([^),\s]+)/g)].map((m) => `$t(${m[1]})`),
  ]);
  return [...new Set(names)].sort();
}

/** Problems, one line each: a key missing in a language, a placeholder set that differs, an empty or non-string text. */
function localeProblems(resources: Record<Language, Tree>): string[] {
  const byLanguage = Object.fromEntries(LANGUAGES.map((l) => [l, leaves(resources[l])])) as Record<
    Language,
    Map<string, unknown[]>
  >;
  const keys = [...new Set(LANGUAGES.flatMap((l) => [...byLanguage[l].keys()]))].sort();
  const problems: string[] = [];
  for (const key of keys) {
    const missing = LANGUAGES.filter((l) => !byLanguage[l].has(key));
    if (missing.length) {
      problems.push(`${key}: missing in ${missing.join(", ")}`);
      continue;
    }
    const sets = LANGUAGES.map((l) => placeholders(byLanguage[l].get(key) ?? []).join(" "));
    if (new Set(sets).size > 1)
      problems.push(`${key}: placeholders differ — ${LANGUAGES.map((l, i) => `${l} [${sets[i]}]`).join(", ")}`);
    for (const l of LANGUAGES)
      if ((byLanguage[l].get(key) ?? []).some((v) => typeof v !== "string" || v.trim() === ""))
        problems.push(`${key}: empty or not a string in ${l}`);
  }
  return problems;
}

describe("locales", () => {
  it("ky, ru and en have the same keys and, per key, the same placeholders", () => {
    expect(localeProblems(loadResources())).toEqual([]);
  });

  it("have something to compare: every feature file, hundreds of keys", () => {
    const resources = loadResources();
    for (const l of LANGUAGES) expect(Object.keys(resources[l]).sort()).toEqual(Object.keys(resources.ky).sort());
    expect(leaves(resources.ky).size).toBeGreaterThan(100);
    expect(placeholders(leaves(resources.ky).get("problems.denied") ?? [])).toEqual(["{{scope}}", "{{unit}}"]);
  });

  it("the check catches a key in one language only, a different placeholder, an empty or non-string text", () => {
    const tmp = tempDir("sapat-locales-");
    try {
      const files: Record<Language, Tree> = {
        ky: { a: "A {{x}}", nested: { b: "B", c: "C {{y}}" }, onlyKy: "K", n: { m_one: "{{count}} m", m_other: "{{count}} ms" } },
        ru: {
          a: "А {{x}}",
          nested: { b: "Б", c: "В {{z}}" },
          n: { m_one: "{{count}}", m_few: "{{count}}", m_many: "{{count}}" },
        },
        en: { a: "", nested: { b: 7, c: "C {{y, number}}" }, n: { m_one: "{{count}} m", m_other: "{{count}} ms" } },
      };
      for (const l of LANGUAGES) {
        mkdirSync(path.join(tmp.dir, l));
        writeFileSync(path.join(tmp.dir, l, "f.json"), JSON.stringify(files[l]));
      }
      expect(localeProblems(loadResources(tmp.dir))).toEqual([
        "f.a: placeholders differ — ky [{{x}}], ru [{{x}}], en []",
        "f.a: empty or not a string in en",
        "f.nested.b: empty or not a string in en",
        "f.nested.c: placeholders differ — ky [{{y}}], ru [{{z}}], en [{{y}}]",
        "f.onlyKy: missing in ru, en",
      ]);
    } finally {
      tmp.cleanup();
    }
  });
});
