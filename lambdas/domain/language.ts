/**
 * Language detection for the languages the classifier models (de, en, ru),
 * by script and by function-word frequency. Anything else is `und` (or `uk`
 * for Ukrainian Cyrillic), never a guess.
 */
import type { LanguageCode } from './article';

const FUNCTION_WORDS: Readonly<Record<string, readonly string[]>> = {
  de: 'der die das und ist nicht ein eine einen dem den des mit von zu auf für sich auch als wie bei nach aus wird wurde sind hat haben über dass oder noch nur vor'.split(
    ' ',
  ),
  en: 'the and is are was were of to in that for with on as by this from have has it be not an at or which their its would been will but after'.split(
    ' ',
  ),
};
const LATIN_SETS = Object.entries(FUNCTION_WORDS).map(([lang, words]) => [lang, new Set(words)] as const);

/** Letters that occur in Ukrainian but not in Russian. */
const UKRAINIAN_ONLY = /[іїєґІЇЄҐ]/g;
const RUSSIAN_ONLY = /[ыэъёЫЭЪЁ]/g;
const CYRILLIC = /[\u0400-\u04ff]/g;
const LATIN = /[a-zA-ZäöüßÄÖÜ]/g;

const count = (text: string, re: RegExp): number => text.match(re)?.length ?? 0;

export function detectLanguage(text: string): LanguageCode {
  const sample = text.length > 20000 ? text.slice(0, 20000) : text;
  const cyr = count(sample, CYRILLIC);
  const lat = count(sample, LATIN);
  if (cyr + lat < 3) return 'und';
  if (cyr > lat) {
    const uk = count(sample, UKRAINIAN_ONLY);
    const ru = count(sample, RUSSIAN_ONLY);
    return uk > ru ? 'uk' : 'ru';
  }
  const words = sample.toLowerCase().match(/[a-zäöüß]+/g) ?? [];
  let best: LanguageCode = 'und';
  let bestHits = 0;
  for (const [lang, set] of LATIN_SETS) {
    let hits = 0;
    for (const w of words) if (set.has(w)) hits++;
    if (hits > bestHits) {
      best = lang;
      bestHits = hits;
    }
  }
  // A Latin-script text with almost no German or English function words is
  // another language (fr, it, …): report it as undetermined.
  return bestHits >= Math.max(1, Math.min(3, words.length * 0.05)) ? best : 'und';
}
