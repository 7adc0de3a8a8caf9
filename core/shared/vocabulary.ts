// The words the question parser knows, per language. Each matches a whole word with its
// endings, never a piece of another word ("очн" is in "очная", not in "срочно").
import type { Form, Stage } from "../session/domain.ts";
import { lowerWord } from "./names.ts";

export const SPEECH_LANGUAGES = ["ky", "ru", "en"] as const;
export type SpeechLanguage = (typeof SPEECH_LANGUAGES)[number];

export const INTENTS = ["debtors", "stats", "practice", "accreditation"] as const;
export type IntentKind = (typeof INTENTS)[number];

export type Meaning = { kind: IntentKind } | { stage: Stage } | { form: Form } | { ordinal: number } | { course: true } | null;

/**
 * One word: "stem*" takes any ending (Kyrgyz suffixes pile up: карызкор-лор-дун), "stem(a|b|)"
 * the listed ones only ("" = none), anything else is exact.
 */
type WordSpec = string;

export interface Entry {
  /** consecutive words: "кайра тапшыр*" */
  words: WordSpec[];
  /** null where ky and ru share the word */
  lang: SpeechLanguage | null;
  means: Meaning;
}

const RU_ADJ = "(ая|ой|ую|ое|ые|ых|ым|ыми|ом|ого|ому|ую|о|ик|ики|иков|икам|иках)";

function entries(lang: SpeechLanguage | null, means: Meaning, specs: string[]): Entry[] {
  return specs.map((s) => ({ words: s.split(" "), lang, means }));
}

/** Words that mean something; longer phrases are tried first. */
const MEANINGFUL: Entry[] = [
  ...entries("ky", { kind: "debtors" }, ["карызкор*", "карыз*"]),
  ...entries("ru", { kind: "debtors" }, [
    "должник*",
    "задолж*",
    "долг(|и|ов|ам|ами|ах|а|у|ом)",
    "хвост(|ы|ов|ам|ами|ах|исты|истов)",
  ]),
  ...entries("en", { kind: "debtors" }, ["debtor(|s)", "debt(|s)"]),
  ...entries("ky", { kind: "stats" }, ["жетишкендик*", "жетишүү*", "көрсөткүч*"]),
  ...entries("ru", { kind: "stats" }, ["успеваем*", "показател*", "статистик*", "результат*"]),
  ...entries("en", { kind: "stats" }, ["achievement(|s)", "stat(|s|istic|istics)", "performance", "result(|s)"]),
  ...entries(null, { kind: "practice" }, ["практик*"]),
  ...entries("en", { kind: "practice" }, ["practice(|s)", "internship(|s)"]),
  ...entries(null, { kind: "accreditation" }, ["аккредитац*"]),
  ...entries("en", { kind: "accreditation" }, ["accreditation(|s)", "accredited"]),
  ...entries("ky", { stage: "after-retakes" }, ["кайра тапшыр*"]),
  ...entries("ru", { stage: "after-retakes" }, ["пересдач*", "пересда*"]),
  ...entries("en", { stage: "after-retakes" }, ["after", "re take(|s)", "retake(|s)", "fx"]),
  ...entries("ky", { stage: "main" }, ["негизги*"]),
  ...entries("ru", { stage: "main" }, [`основн${RU_ADJ}`]),
  ...entries("en", { stage: "main" }, ["main"]),
  ...entries("ky", { form: "part-time" }, ["сырттан*"]),
  ...entries("ru", { form: "part-time" }, [`заочн${RU_ADJ}`]),
  ...entries("en", { form: "part-time" }, ["part time", "parttime", "extramural"]),
  ...entries("ky", { form: "full-time" }, ["күндүзгү*"]),
  ...entries("ru", { form: "full-time" }, [`очн${RU_ADJ}`, "дневн*"]),
  ...entries("en", { form: "full-time" }, ["full time", "fulltime"]),
  ...entries(null, { course: true }, ["курс*"]),
  ...entries("en", { course: true }, ["course(|s)", "year"]),
  ...[
    ["биринчи", "перв*", "first"],
    ["экинчи", "втор*", "second"],
    ["үчүнчү", "трет*", "third"],
    ["төртүнчү", "четверт*", "fourth"],
    ["бешинчи", "пят(|ый|ого|ом|ому)", "fifth"],
    ["алтынчы", "шест(|ой|ого|ом|ому)", "sixth"],
  ].flatMap(([ky, ru, en], i) => [
    ...entries("ky", { ordinal: i + 1 }, [ky as string]),
    ...entries("ru", { ordinal: i + 1 }, [ru as string]),
    ...entries("en", { ordinal: i + 1 }, [en as string]),
  ]),
];

/** Words that carry no figure: read and set aside, so what is left can be taken for a unit's name. */
const FILLER: Entry[] = [
  ...entries("ky", null, [
    "канча*",
    "кандай*",
    "барбы",
    "бар",
    "жок",
    "көрсөт*",
    "бериңиз",
    "бер",
    "айт*",
    "боюнча",
    "жана",
    "менен",
    "деген",
    "эмне*",
    "ким*",
    "саны*",
    "пайыз*",
    "үлүш*",
    "тизме*",
    "керек",
    "сураныч",
    "азыр",
    "мага",
    "бизге",
    "окуу",
    "жыл*",
    "жазгы",
    "күзгү",
    "кийин*",
    "шаардык",
    "тез",
  ]),
  ...entries("ru", null, [
    ...["сколько", "в", "во", "на", "по", "у", "за", "для", "и", "а", "с", "со", "из", "от", "о", "об", "ли", "же"],
    ...["покажи*", "показать", "дай*", "мне", "нам", "как(ой|ая|ие|ов|ова|ово)", "кто", "что", "есть", "сейчас"],
    ...["пожалуйста", "срочно", "всего", "все", "всех", "число", "количество", "процент*", "доля", "долю", "год(|а|у)"],
    ...["учебн*", "весенн*", "осенн*", "летн*", "зимн*", "семестр*", "итог*", "данные", "список", "после", "сдач*"],
    ...["го", "й", "ый", "ой", "ий", "ая"],
  ]),
  ...entries("en", null, [
    ...["how", "many", "much", "what", "which", "show", "me", "us", "the", "a", "an", "of", "in", "at", "for", "is"],
    ...["are", "there", "please", "give", "list", "now", "current", "latest", "and", "with", "by", "urgent", "urgently"],
    ...["academic", "spring", "autumn", "fall", "term", "number", "share", "percentage", "st", "nd", "rd", "th"],
  ]),
  // around an accreditation question: "which … expire in the next 12 months", "мөөнөтү бүткөн программалар"
  ...entries("ky", null, ["мөөнөт*", "бүт*", "ичинде", "кийинки", "жакынкы"]),
  ...entries("ru", null, ["истека*", "истекш*", "истекл*", "ближайш*", "следующ*", "срок*", "течение"]),
  ...entries("en", null, ["expire(|s|d)", "expiring", "expiry", "next", "within", "coming", "programme(|s)", "program(|s)"]),
  ...entries(null, null, ["программ*"]),
  ...entries(null, null, ["сессия*", "сессии", "сессию", "студент*", "факультет*", "институт*", "филиал*", "колледж*", "ш", "г"]),
  ...entries("en", null, ["session(|s)", "student(|s)", "faculty", "institute", "branch", "college"]),
];

interface Compiled {
  stem: string;
  endings: readonly string[] | "any";
}

function compile(spec: WordSpec): Compiled {
  const list = /^(.*)\((.*)\)$/.exec(spec);
  if (list) return { stem: lowerWord(list[1] as string), endings: (list[2] as string).split("|") };
  if (spec.endsWith("*")) return { stem: lowerWord(spec.slice(0, -1)), endings: "any" };
  return { stem: lowerWord(spec), endings: [""] };
}

export interface CompiledEntry {
  words: Compiled[];
  lang: SpeechLanguage | null;
  means: Meaning;
}

const byLength = (a: CompiledEntry, b: CompiledEntry) => b.words.length - a.words.length;
export const MEANINGFUL_WORDS: CompiledEntry[] = MEANINGFUL.map((e) => ({ ...e, words: e.words.map(compile) })).sort(byLength);
export const FILLER_WORDS: CompiledEntry[] = FILLER.map((e) => ({ ...e, words: e.words.map(compile) })).sort(byLength);

/** Whether a lower-cased word is this one, with one of its endings. */
export function wordIs(lower: string, w: Compiled): boolean {
  if (!lower.startsWith(w.stem)) return false;
  return w.endings === "any" || w.endings.includes(lower.slice(w.stem.length));
}

/** The entry that starts at word i, if any (the longest phrase wins). */
export function entryAt(words: readonly string[], i: number, list: readonly CompiledEntry[]): CompiledEntry | undefined {
  return list.find((e) => e.words.every((w, j) => i + j < words.length && wordIs(words[i + j] as string, w)));
}
