/**
 * Language detection for the languages the classifier models (de, en, ru),
 * by script and by function-word frequency. Anything else is `und` (or `uk`
 * for Ukrainian Cyrillic), never a guess.
 *
 * One pass over at most the first SAMPLE_CHARS characters: language does not
 * change half-way through a news article, and this runs on every upload.
 */
import type { LanguageCode } from './article';

const SAMPLE_CHARS = 4000;

const FUNCTION_WORDS: Readonly<Record<string, string>> = {
  de: 'der die das und ist nicht ein eine einen dem den des mit von zu auf für sich auch als wie bei nach aus wird wurde sind hat haben über dass oder noch nur vor',
  en: 'the and is are was were of to in that for with on as by this from have has it be not an at or which their its would been will but after',
};
/** Function word → language. A word in both lists counts for neither. */
const WORD_LANGUAGE = new Map<string, string>();
for (const [lang, words] of Object.entries(FUNCTION_WORDS)) {
  for (const w of words.split(' ')) WORD_LANGUAGE.set(w, WORD_LANGUAGE.has(w) ? '' : lang);
}

const isCyrillic = (c: number) => c >= 0x400 && c <= 0x4ff;
const isLatinLetter = (c: number) =>
  (c >= 0x61 && c <= 0x7a) ||
  (c >= 0x41 && c <= 0x5a) ||
  (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
/** і ї є ґ (and capitals): Ukrainian, not Russian. */
const isUkrainianOnly = (c: number) =>
  c === 0x456 ||
  c === 0x457 ||
  c === 0x454 ||
  c === 0x491 ||
  c === 0x406 ||
  c === 0x407 ||
  c === 0x404 ||
  c === 0x490;
/** ы э ъ ё (and capitals): Russian, not Ukrainian. */
const isRussianOnly = (c: number) =>
  c === 0x44b ||
  c === 0x44d ||
  c === 0x44a ||
  c === 0x451 ||
  c === 0x42b ||
  c === 0x42d ||
  c === 0x42a ||
  c === 0x401;

export function detectLanguage(text: string): LanguageCode {
  const end = Math.min(text.length, SAMPLE_CHARS);
  let cyrillic = 0;
  let latin = 0;
  let ukrainian = 0;
  let russian = 0;
  let words = 0;
  const hits: Record<string, number> = {};
  let wordStart = -1;
  for (let i = 0; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 32;
    if (isCyrillic(c)) {
      cyrillic++;
      if (isUkrainianOnly(c)) ukrainian++;
      else if (isRussianOnly(c)) russian++;
    } else if (isLatinLetter(c)) {
      latin++;
      if (wordStart < 0) wordStart = i;
      continue;
    }
    if (wordStart >= 0) {
      words++;
      if (i - wordStart <= 5) {
        const lang = WORD_LANGUAGE.get(text.slice(wordStart, i).toLowerCase());
        if (lang) hits[lang] = (hits[lang] ?? 0) + 1;
      }
      wordStart = -1;
    }
  }
  if (cyrillic + latin < 3) return 'und';
  if (cyrillic > latin) return ukrainian > russian ? 'uk' : 'ru';
  let best: LanguageCode = 'und';
  let bestHits = 0;
  for (const [lang, n] of Object.entries(hits)) {
    if (n > bestHits) {
      best = lang;
      bestHits = n;
    }
  }
  // A Latin-script text with almost no German or English function words is
  // another language (fr, it, …): report it as undetermined.
  return bestHits >= Math.max(1, Math.min(3, words * 0.05)) ? best : 'und';
}
