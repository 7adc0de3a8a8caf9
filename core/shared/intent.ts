// A small free-text intent parser for ky/ru/en: "МТФ карызкорлор", "должники МТФ",
// "debtors MTF", "ЭТИ успеваемость после пересдач 2019-2020", "сколько должников в Токмоке".
// Every word is read as a whole: a unit's name, a keyword, a course, a filler word; what is
// left is taken for the name of a unit that does not exist, so the answer can say so
// instead of widening to the whole institution.
import type { Form, Stage } from "../session/domain.ts";
import { type Token, tokens } from "./names.ts";
import { matchUnit, type UnitName } from "./unit-names.ts";
import { entryAt, FILLER_WORDS, type IntentKind, MEANINGFUL_WORDS, type SpeechLanguage } from "./vocabulary.ts";

export { INTENTS, type IntentKind, SPEECH_LANGUAGES, type SpeechLanguage } from "./vocabulary.ts";

export interface Intent {
  kind: IntentKind | null;
  /** a unit code */
  unit?: string;
  /** words left over that no unit is called, as typed: to be named back as not found */
  unknown?: string;
  stage?: Stage;
  form?: Form;
  year?: string;
  /** 1–6 */
  course?: number;
  /** accreditation: how many months ahead "expiring" looks ("12 ай", "6 месяцев", "a year") */
  withinMonths?: number;
  /** the language the keywords were in, when they agree */
  language?: SpeechLanguage;
}

const YEAR = /(?<!\d)(\d{4})\s*[-–—/]\s*(\d{4})(?!\d)/u;
const MONTHS = /(?<![\p{L}\d])(\d{1,3})\s*-?\s*(ай|айда|айдын|айга|месяц|месяца|месяцев|мес|month|months)(?![\p{L}])\.?/iu;
const YEAR_WORD = /(?<![\p{L}])(жыл|жылда|жыл ичинде|год|года|году|year)(?![\p{L}])/iu;
const COURSE_NUMBER = /^([1-6])(?:st|nd|rd|th)?$/;

/** A course: "1-курс", "1 курс", "1-го курса", "курс 1", "1st year", "биринчи курс". */
function courseAt(
  words: readonly Token[],
  i: number,
  isCourseWord: (j: number) => boolean,
  ordinal: (j: number) => number,
): { course: number; last: number } | null {
  const number = (j: number) => {
    const m = COURSE_NUMBER.exec(words[j]?.lower ?? "");
    return m ? Number(m[1]) : ordinal(j);
  };
  const n = number(i);
  if (n && isCourseWord(i + 1)) return { course: n, last: i + 1 };
  if (n && /^(го|й|ый|ой|ий|ая)$/.test(words[i + 1]?.lower ?? "") && isCourseWord(i + 2)) return { course: n, last: i + 2 };
  const after = isCourseWord(i) ? number(i + 1) : 0;
  return after ? { course: after, last: i + 1 } : null;
}

export function parseIntent(text: string, units: readonly UnitName[]): Intent {
  const intent: Intent = { kind: null };
  let rest = text.normalize("NFKC");
  const year = YEAR.exec(rest);
  if (year) {
    if (Number(year[2]) === Number(year[1]) + 1) intent.year = `${year[1]}-${year[2]}`;
    rest = `${rest.slice(0, year.index)} ${rest.slice(year.index + year[0].length)}`;
  }
  const months = MONTHS.exec(rest);
  if (months) {
    intent.withinMonths = Number(months[1]);
    rest = `${rest.slice(0, months.index)} ${rest.slice(months.index + months[0].length)}`;
  }
  const yearWord = YEAR_WORD.test(rest);
  const words = tokens(rest);
  const lower = words.map((w) => w.lower);
  const used = words.map(() => false);
  const unit = matchUnit(words, units);
  if (unit) {
    intent.unit = unit.code;
    for (let i = unit.first; i < unit.last; i++) used[i] = true;
  }
  const languages = new Set<SpeechLanguage>();
  const meaning = (i: number) => (used[i] ? undefined : entryAt(lower, i, MEANINGFUL_WORDS));
  const isCourseWord = (j: number) => Boolean(meaning(j)?.means && "course" in (meaning(j)?.means ?? {}));
  const ordinal = (j: number) => {
    const m = meaning(j)?.means;
    return m && "ordinal" in m ? m.ordinal : 0;
  };
  for (let i = 0; i < words.length; i++) {
    if (used[i]) continue;
    const course = intent.course ? null : courseAt(words, i, isCourseWord, ordinal);
    if (course) {
      intent.course = course.course;
      for (let j = i; j <= course.last; j++) used[j] = true;
      continue;
    }
    const e = meaning(i);
    if (e) {
      const m = e.means;
      if (m && "kind" in m) intent.kind ??= m.kind;
      if (m && "stage" in m) intent.stage ??= m.stage;
      if (m && "form" in m) intent.form ??= m.form;
      if (e.lang && m && !("ordinal" in m)) languages.add(e.lang);
      for (let j = 0; j < e.words.length; j++) used[i + j] = true;
      continue;
    }
    const filler = entryAt(lower, i, FILLER_WORDS);
    if (filler) for (let j = 0; j < filler.words.length; j++) used[i + j] = true;
  }
  if (intent.kind === "accreditation") {
    if (!intent.withinMonths && yearWord) intent.withinMonths = 12;
    delete intent.course;
  } else delete intent.withinMonths;
  if (languages.size === 1) intent.language = [...languages][0] as SpeechLanguage;
  // The first run of words nothing claimed, as typed ("Кара-Балта" keeps its hyphen).
  const first = words.findIndex((w, i) => !used[i] && !/^\d+$/.test(w.raw));
  if (!intent.unit && first >= 0) {
    let last = first;
    while (last + 1 < words.length && !used[last + 1]) last++;
    intent.unknown = rest.slice((words[first] as Token).start, (words[last] as Token).end);
  }
  return intent;
}
