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
const LANGUAGES: readonly LanguageCode[] = Object.keys(FUNCTION_WORDS);
/** A trie node where no function word ends, or where a word of both lists ends (it counts for neither). */
const NO_LANGUAGE = -1;
/** Function word → index in LANGUAGES of its language, or NO_LANGUAGE. */
const WORD_LANGUAGE = new Map<string, number>();
for (const [index, lang] of LANGUAGES.entries()) {
  for (const w of (FUNCTION_WORDS[lang] as string).split(' ')) {
    WORD_LANGUAGE.set(w, WORD_LANGUAGE.has(w) ? NO_LANGUAGE : index);
  }
}

/** Only words of at most this many characters are looked up. */
const MAX_FUNCTION_WORD = 5;

/**
 * WORD_LANGUAGE as a trie over the words' letters, so that a word is looked
 * up while it is scanned, without building a lower-cased copy of it.
 * Node 0 is the root; `CHILDREN[node * ALPHABET.length + letter]` is a child
 * node, or 0 for none; `NODE_LANGUAGE[node]` is the language of the word
 * ending there, or NO_LANGUAGE.
 */
const ALPHABET: readonly string[] = [...new Set([...WORD_LANGUAGE.keys()].join(''))];
const nodeLanguages: number[] = [NO_LANGUAGE];
const childList: number[] = [];
for (const [word, lang] of WORD_LANGUAGE) {
  let node = 0;
  for (const ch of word) {
    const slot = node * ALPHABET.length + ALPHABET.indexOf(ch);
    let child = childList[slot] ?? 0;
    if (child === 0) {
      child = nodeLanguages.length;
      childList[slot] = child;
      nodeLanguages.push(NO_LANGUAGE);
    }
    node = child;
  }
  nodeLanguages[node] = lang;
}
const NODE_LANGUAGE = Int8Array.from(nodeLanguages);
const CHILDREN = Int32Array.from(
  { length: NODE_LANGUAGE.length * ALPHABET.length },
  (_, i) => childList[i] ?? 0,
);

const isLatinLetter = (c: number) =>
  (c >= 0x61 && c <= 0x7a) ||
  (c >= 0x41 && c <= 0x5a) ||
  (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
/** Latin letters are U+0000–U+024F; {@link LETTER_INDEX} covers them. */
const LATIN_END = 0x250;
const NOT_A_LETTER = -2;
const NOT_IN_ALPHABET = -1;
/**
 * For each code unit below LATIN_END: NOT_A_LETTER, or for a Latin letter the
 * index in ALPHABET of its lower case, or NOT_IN_ALPHABET when its lower case
 * is not a single letter of a function word (such a word cannot be a function
 * word; `toLowerCase` is per character here).
 */
const LETTER_INDEX = Int8Array.from({ length: LATIN_END }, (_, c) => {
  if (!isLatinLetter(c)) return NOT_A_LETTER;
  const lower = String.fromCharCode(c).toLowerCase();
  return lower.length === 1 ? ALPHABET.indexOf(lower) : NOT_IN_ALPHABET;
});

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

/** The Cyrillic block, U+0400–U+04FF. */
const CYRILLIC_START = 0x400;
const CYRILLIC_END = 0x500;
const RUSSIAN_OR_UKRAINIAN = 0;
const UKRAINIAN_ONLY = 1;
const RUSSIAN_ONLY = 2;
/** For each Cyrillic code unit: UKRAINIAN_ONLY, RUSSIAN_ONLY or RUSSIAN_OR_UKRAINIAN. */
const CYRILLIC_KIND = Uint8Array.from({ length: CYRILLIC_END - CYRILLIC_START }, (_, i) => {
  const c = CYRILLIC_START + i;
  if (isUkrainianOnly(c)) return UKRAINIAN_ONLY;
  return isRussianOnly(c) ? RUSSIAN_ONLY : RUSSIAN_OR_UKRAINIAN;
});

/** LETTER_INDEX of any code unit. */
const letterIndex = (c: number): number => (c < LATIN_END ? (LETTER_INDEX[c] as number) : NOT_A_LETTER);

export function detectLanguage(text: string): LanguageCode {
  const end = Math.min(text.length, SAMPLE_CHARS);
  let cyrillic = 0;
  let latin = 0;
  let ukrainian = 0;
  let russian = 0;
  let words = 0;
  // Function-word hits per language, and the languages in the order of their first hit.
  const hits = new Int32Array(LANGUAGES.length);
  const hitOrder: number[] = [];
  const alphabetSize = ALPHABET.length;
  let i = 0;
  while (i < end) {
    const c = text.charCodeAt(i);
    let letter = letterIndex(c);
    if (letter === NOT_A_LETTER) {
      if (c >= CYRILLIC_START && c < CYRILLIC_END) {
        cyrillic++;
        const kind = CYRILLIC_KIND[c - CYRILLIC_START];
        if (kind === UKRAINIAN_ONLY) ukrainian++;
        else if (kind === RUSSIAN_ONLY) russian++;
      }
      i++;
      continue;
    }
    // A word of Latin letters, looked up in the function-word trie as it is read:
    // `node` is -1 once the word cannot be a function word.
    const wordStart = i;
    let node = 0;
    do {
      if (node >= 0) {
        node = letter === NOT_IN_ALPHABET ? -1 : (CHILDREN[node * alphabetSize + letter] as number) || -1;
      }
      i++;
      letter = i < end ? letterIndex(text.charCodeAt(i)) : NOT_A_LETTER;
    } while (letter !== NOT_A_LETTER);
    latin += i - wordStart;
    words++;
    if (i - wordStart <= MAX_FUNCTION_WORD && node > 0) {
      const lang = NODE_LANGUAGE[node] as number;
      if (lang !== NO_LANGUAGE) {
        if (hits[lang] === 0) hitOrder.push(lang);
        hits[lang] = (hits[lang] as number) + 1;
      }
    }
  }
  if (cyrillic + latin < 3) return 'und';
  if (cyrillic > latin) return ukrainian > russian ? 'uk' : 'ru';
  // The most hits wins; on a tie, the language hit first.
  let best: LanguageCode = 'und';
  let bestHits = 0;
  for (const lang of hitOrder) {
    const n = hits[lang] as number;
    if (n > bestHits) {
      best = LANGUAGES[lang] as LanguageCode;
      bestHits = n;
    }
  }
  // A Latin-script text with almost no German or English function words is
  // another language (fr, it, …): report it as undetermined.
  return bestHits >= Math.max(1, Math.min(3, words * 0.05)) ? best : 'und';
}
