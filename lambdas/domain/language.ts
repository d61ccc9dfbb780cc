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

/** Only words of at most this many characters are looked up. */
const MAX_FUNCTION_WORD = 5;

/**
 * WORD_LANGUAGE as a trie over the words' letters, so that a word is looked
 * up while it is scanned, without building a lower-cased copy of it.
 * Node 0 is the root; `CHILDREN[node * ALPHABET.length + letter]` is a child
 * node, or 0 for none; `NODE_LANGUAGE[node]` is the language of the word
 * ending there, '' for none.
 */
const ALPHABET: readonly string[] = [...new Set([...WORD_LANGUAGE.keys()].join(''))];
const NODE_LANGUAGE: string[] = [''];
const childList: number[] = [];
for (const [word, lang] of WORD_LANGUAGE) {
  let node = 0;
  for (const ch of word) {
    const slot = node * ALPHABET.length + ALPHABET.indexOf(ch);
    let child = childList[slot] ?? 0;
    if (child === 0) {
      child = NODE_LANGUAGE.length;
      childList[slot] = child;
      NODE_LANGUAGE.push('');
    }
    node = child;
  }
  NODE_LANGUAGE[node] = lang;
}
const CHILDREN = Int32Array.from(
  { length: NODE_LANGUAGE.length * ALPHABET.length },
  (_, i) => childList[i] ?? 0,
);

/**
 * For each Latin letter (U+0000–U+024F), the index in ALPHABET of its lower
 * case, or -1 when its lower case is not a single letter of a function word
 * (such a word cannot be a function word; `toLowerCase` is per character here).
 */
const LETTER_INDEX = Int8Array.from({ length: 0x250 }, (_, c) => {
  const lower = String.fromCharCode(c).toLowerCase();
  return lower.length === 1 ? ALPHABET.indexOf(lower) : -1;
});

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
  // The current word's node in the function-word trie; -1 once it cannot be one.
  let node = 0;
  const alphabetSize = ALPHABET.length;
  for (let i = 0; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 32;
    if (isCyrillic(c)) {
      cyrillic++;
      if (isUkrainianOnly(c)) ukrainian++;
      else if (isRussianOnly(c)) russian++;
    } else if (isLatinLetter(c)) {
      latin++;
      if (wordStart < 0) {
        wordStart = i;
        node = 0;
      }
      if (node >= 0) {
        const letter = LETTER_INDEX[c] as number;
        node = letter < 0 ? -1 : (CHILDREN[node * alphabetSize + letter] as number) || -1;
      }
      continue;
    }
    if (wordStart >= 0) {
      words++;
      if (i - wordStart <= MAX_FUNCTION_WORD && node > 0) {
        const lang = NODE_LANGUAGE[node];
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
