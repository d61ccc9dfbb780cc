/**
 * Text normalisation and counting shared by the parser's steps.
 */

const isDisallowedControl = (code: number): boolean =>
  code <= 0x08 || (code >= 0x0e && code <= 0x1f) || (code >= 0x7f && code <= 0x9f && code !== 0x85);

/** Any character that {@link isDisallowedControl} accepts. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const DISALLOWED_CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/;
/** Any disallowed control character or surrogate code unit: text without one needs no stripping. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL_OR_SURROGATE = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\ud800-\udfff]/;

/**
 * Counts control characters that never occur in real article text
 * (C0 except tab/LF/VT/FF/CR, DEL, C1 except NEL).
 */
export function countControlCharacters(text: string): number {
  // Most text has none; a regular expression finds that out much faster than a loop.
  if (!DISALLOWED_CONTROL.test(text)) return 0;
  let n = 0;
  for (let i = 0; i < text.length; i++) if (isDisallowedControl(text.charCodeAt(i))) n++;
  return n;
}

/** True when `text` holds a C1 control (U+0080–U+009F except NEL): the mark of a wrong single-byte decoding. */
export function hasC1Control(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80 && code <= 0x9f && code !== 0x85) return true;
  }
  return false;
}

function stripControlsAndLoneSurrogates(text: string): string {
  if (!CONTROL_OR_SURROGATE.test(text)) return text;
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let drop = isDisallowedControl(code);
    let replacement = '';
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      drop = true;
      replacement = '\uFFFD';
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      drop = true;
      replacement = '\uFFFD';
    }
    if (drop) {
      out += text.slice(start, i) + replacement;
      start = i + 1;
    }
  }
  return start === 0 ? text : out + text.slice(start);
}

/** White space beside a line break. Without any, every line but the text's first and last is already trimmed. */
const LINE_EDGE_SPACE = /[^\S\n]\n|\n[^\S\n]/;

/**
 * The Unicode blocks that articles in the languages we parse are written in:
 * Basic Latin to Cyrillic Supplement, and General Punctuation to Letterlike
 * Symbols (dashes, quotes, currency signs). Text with any other character
 * takes the full normalisation passes.
 */
const COMMON_BLOCKS: readonly (readonly [first: number, last: number])[] = [
  [0x0000, 0x052f],
  [0x2000, 0x214f],
];

/**
 * Characters that NFC may merge with the character before them: combining
 * marks, and the Hangul vowel and final jamo (U+1100–U+11FF holds them all).
 */
const COMPOSES_WITH_PREVIOUS = /[\p{M}\u1100-\u11ff]/u;
const WHITE_SPACE = /\s/;

/**
 * True when no step of {@link normaliseText} changes the code unit wherever
 * it stands. Spaces, no-break spaces and line breaks count as settled: where
 * they stand is {@link UNSETTLED_SPACE}'s concern.
 */
function isSettled(code: number): boolean {
  if (code === 0x20 || code === 0x0a || code === 0xa0 || code === 0x202f) return true;
  const ch = String.fromCharCode(code);
  // Other white space and line ends (NEL included) become a space or `\n`, controls are dropped,
  // NFC may compose or replace the character.
  return (
    !WHITE_SPACE.test(ch) &&
    code !== 0x85 &&
    !isDisallowedControl(code) &&
    !COMPOSES_WITH_PREVIOUS.test(ch) &&
    ch.normalize('NFC') === ch
  );
}

const escapeUnit = (code: number): string => `\\u${code.toString(16).padStart(4, '0')}`;

/** The settled code units of COMMON_BLOCKS as character class ranges (`\u0021-\u007e…`). */
function settledRanges(): string {
  let ranges = '';
  for (const [first, last] of COMMON_BLOCKS) {
    let start = -1;
    for (let code = first; code <= last + 1; code++) {
      const settled = code <= last && isSettled(code);
      if (settled && start < 0) start = code;
      if (!settled && start >= 0) {
        ranges += start === code - 1 ? escapeUnit(start) : `${escapeUnit(start)}-${escapeUnit(code - 1)}`;
        start = -1;
      }
    }
  }
  return ranges;
}

/** A code unit that normalisation may change or remove, or one outside COMMON_BLOCKS. */
const UNSETTLED_UNIT = new RegExp(`[^${settledRanges()}]`);
/** White space that normalisation changes where it stands: a doubled space, white space at a line edge, a third line break. */
const UNSETTLED_SPACE = / {2}|[ \u00a0\u202f]\n|\n[ \u00a0\u202f]|\n\n\n/;

/**
 * True when {@link normaliseText} would return `text` unchanged, for text
 * without white space at either end. Two searches instead of the passes that
 * normalisation takes: most articles need none of them.
 */
const isNormalised = (text: string): boolean => !UNSETTLED_UNIT.test(text) && !UNSETTLED_SPACE.test(text);

/**
 * Normalises decoded text: removes a BOM, turns CRLF/CR/NEL/LS/PS/VT/FF into
 * LF, drops control characters, replaces lone surrogates with U+FFFD, applies
 * NFC, collapses runs of horizontal white space (except no-break spaces) to one
 * space, trims every line and the whole text, and reduces runs of blank lines
 * to one blank line, so paragraphs are separated by exactly `\n\n`.
 */
export function normaliseText(text: string): string {
  // Leading and trailing white space of any kind ends up trimmed, so only the rest needs checking.
  const trimmed = text.trim();
  if (isNormalised(trimmed)) return trimmed;
  const unified = text.replace(/^\uFEFF/, '').replace(/\r\n?|[\u0085\u2028\u2029\v\f]/g, '\n');
  // Only runs of 2+ or non-space white space are replaced: replacing every single space is 50x slower on large files.
  const spaced = stripControlsAndLoneSurrogates(unified)
    .normalize('NFC')
    .replace(/[^\S\n\u00a0\u202f]{2,}|[^\S \n\u00a0\u202f]/g, ' ');
  // Lines are trimmed one by one only when some line break has white space beside it; otherwise
  // the final trim does all there is to do.
  const trimmedLines = LINE_EDGE_SPACE.test(spaced)
    ? spaced
        .split('\n')
        .map((line) => line.trim())
        .join('\n')
    : spaced;
  return trimmedLines.replace(/\n{3,}/g, '\n\n').trim();
}

/** Splits normalised text into paragraphs (separated by blank lines). */
export const splitParagraphs = (text: string): string[] =>
  text === '' ? [] : text.split('\n\n').filter((p) => p !== '');

/** Joins paragraphs back, separated by one blank line. */
export const joinParagraphs = (paragraphs: readonly string[]): string => paragraphs.join('\n\n');

/** Collapses all white space (including line breaks) to single spaces: for titles and headlines. */
export const toSingleLine = (text: string): string => text.replace(/\s{2,}|[^\S ]/g, ' ').trim();

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const MARK = /\p{M}/u;

/*
 * What a code unit does to a word, as bits, so that countWords can follow
 * words with arithmetic rather than a branch per character (branches on
 * letter/non-letter are mispredicted at every word edge).
 */
/** A letter or digit: starts a word, or continues one. */
const STARTS_WORD = 1;
/** A letter, digit or combining mark: continues a word. */
const CONTINUES_WORD = 2;
const LETTER = STARTS_WORD | CONTINUES_WORD;
/** An apostrophe or high surrogate: what it does depends on the next code unit. */
const DEPENDS_ON_NEXT = 4;
const UNCLASSIFIED = 8;

/** The word bits of a character (one code unit, or a surrogate pair). */
function wordBits(ch: string): number {
  if (LETTER_OR_DIGIT.test(ch)) return LETTER;
  return MARK.test(ch) ? CONTINUES_WORD : 0;
}

/** Word bits per BMP code unit, filled in as code units are first seen. */
const unitWordBits = new Uint8Array(0x10000).fill(UNCLASSIFIED);

function bitsOfUnit(code: number): number {
  let bits = unitWordBits[code] as number;
  if (bits === UNCLASSIFIED) {
    const dependsOnNext = code === 0x27 || code === 0x2019 || (code >= 0xd800 && code <= 0xdbff);
    bits = dependsOnNext ? DEPENDS_ON_NEXT : wordBits(String.fromCharCode(code));
    unitWordBits[code] = bits;
  }
  return bits;
}

/**
 * The word bits at `text[i]`, where that code unit is an apostrophe, a high
 * surrogate or not yet classified. An apostrophe continues a word when a letter
 * or digit follows; a high surrogate with its low surrogate is one character.
 */
function bitsInContext(text: string, i: number): number {
  const code = text.charCodeAt(i);
  const bits = bitsOfUnit(code);
  if (bits !== DEPENDS_ON_NEXT) return bits;
  if (i + 1 >= text.length) return 0;
  const next = text.charCodeAt(i + 1);
  if (code === 0x27 || code === 0x2019) return bitsOfUnit(next) === LETTER ? CONTINUES_WORD : 0;
  return next >= 0xdc00 && next <= 0xdfff ? wordBits(text.slice(i, i + 2)) : 0;
}

/**
 * Counts words: runs of letters and digits (`\p{L}`/`\p{N}`, any script), with
 * combining marks and inner apostrophes (`don't`, `Macht’s`) kept inside the
 * word. Punctuation, dashes and symbols are not words; `Su-24` is two.
 * A hand-written scanner: a Unicode regex costs more than the rest of the parse.
 */
export function countWords(text: string): number {
  let words = 0;
  // 1 inside a word, else 0.
  let inWord = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let bits = unitWordBits[code] as number;
    if (bits > LETTER) {
      bits = bitsInContext(text, i);
      // A surrogate pair that is a letter or mark is one character: skip its low half.
      if (bits !== 0 && code >= 0xd800 && code <= 0xdbff) i++;
    }
    const starts = bits & STARTS_WORD;
    const continues = (bits & CONTINUES_WORD) >> 1;
    words += starts & (inWord ^ 1);
    inWord = starts | (inWord & continues);
  }
  return words;
}
