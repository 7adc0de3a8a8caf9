// Which language a message is in, for users who have not chosen one: the parser's words
// weigh most (a unit's name in Kyrgyz letters does not make a Russian question Kyrgyz),
// then letters only one language has, then Latin words.
import { tokens } from "./names.ts";
import { entryAt, FILLER_WORDS, MEANINGFUL_WORDS, type SpeechLanguage } from "./vocabulary.ts";

const WORD = 2;
const LETTER = 1;

/** ky, ru or en; null when nothing tells (a bare unit code, digits, a tie). */
export function detectLanguage(text: string): SpeechLanguage | null {
  const score: Record<SpeechLanguage, number> = { ky: 0, ru: 0, en: 0 };
  // a mention ("@sapat_bot") or a link is no word of the question
  const words = tokens(text.normalize("NFKC").replace(/@\w+|https?:\/\/\S+/g, " "));
  const lower = words.map((w) => w.lower);
  for (let i = 0; i < words.length; i++) {
    const w = lower[i] as string;
    const known = entryAt(lower, i, MEANINGFUL_WORDS) ?? entryAt(lower, i, FILLER_WORDS);
    if (known?.lang) score[known.lang] += WORD;
    if (/[өүң]/.test(w)) score.ky += LETTER;
    if (/[щъ]/.test(w) || /ё/.test((words[i] as { raw: string }).raw.toLowerCase())) score.ru += LETTER;
    if (!known && /^[a-z]{2,}$/.test(w)) score.en += LETTER;
  }
  const ranked = (Object.entries(score) as [SpeechLanguage, number][]).sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked as [[SpeechLanguage, number], [SpeechLanguage, number]];
  return first[1] > 0 && first[1] > second[1] ? first[0] : null;
}
