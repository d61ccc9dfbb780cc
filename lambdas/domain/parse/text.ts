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
 * Normalises decoded text: removes a BOM, turns CRLF/CR/NEL/LS/PS/VT/FF into
 * LF, drops control characters, replaces lone surrogates with U+FFFD, applies
 * NFC, collapses runs of horizontal white space (except no-break spaces) to one
 * space, trims every line and the whole text, and reduces runs of blank lines
 * to one blank line, so paragraphs are separated by exactly `\n\n`.
 */
export function normaliseText(text: string): string {
  const unified = text.replace(/^\uFEFF/, '').replace(/\r\n?|[\u0085\u2028\u2029\v\f]/g, '\n');
  // Only runs of 2+ or non-space white space are replaced: replacing every single space is 50x slower on large files.
  const spaced = stripControlsAndLoneSurrogates(unified)
    .normalize('NFC')
    .replace(/[^\S\n\u00a0\u202f]{2,}|[^\S \n\u00a0\u202f]/g, ' ');
  // Lines are trimmed one by one only when some line break has white space beside it; otherwise
  // the final trim does all there is to do.
  const trimmed = LINE_EDGE_SPACE.test(spaced)
    ? spaced
        .split('\n')
        .map((line) => line.trim())
        .join('\n')
    : spaced;
  return trimmed.replace(/\n{3,}/g, '\n\n').trim();
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
const OTHER = 3;
const WORD_CHAR = 1;
const COMBINING = 2;

/** Character class per BMP code unit, filled lazily: 0 = not yet known. */
const charClassCache = new Uint8Array(0x10000);

function classify(ch: string): number {
  if (LETTER_OR_DIGIT.test(ch)) return WORD_CHAR;
  return MARK.test(ch) ? COMBINING : OTHER;
}

function classOfUnit(code: number): number {
  if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39)) {
    return WORD_CHAR;
  }
  if (code < 0x80) return OTHER;
  let cls = charClassCache[code] ?? 0;
  if (cls === 0) {
    cls = classify(String.fromCharCode(code));
    charClassCache[code] = cls;
  }
  return cls;
}

const isApostrophe = (code: number): boolean => code === 0x27 || code === 0x2019;

/**
 * Counts words: runs of letters and digits (`\p{L}`/`\p{N}`, any script), with
 * combining marks and inner apostrophes (`don't`, `Macht’s`) kept inside the
 * word. Punctuation, dashes and symbols are not words; `Su-24` is two.
 * A hand-written scanner: a Unicode regex costs more than the rest of the parse.
 */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let cls: number;
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      cls = low >= 0xdc00 && low <= 0xdfff ? classify(text.slice(i, i + 2)) : OTHER;
      if (cls !== OTHER) i++;
    } else {
      cls = classOfUnit(code);
    }
    if (cls === WORD_CHAR) {
      if (!inWord) words++;
      inWord = true;
    } else if (cls === COMBINING && inWord) {
      // a combining mark continues the word
    } else if (
      inWord &&
      isApostrophe(code) &&
      i + 1 < text.length &&
      classOfUnit(text.charCodeAt(i + 1)) === WORD_CHAR
    ) {
      // an inner apostrophe continues the word
    } else {
      inWord = false;
    }
  }
  return words;
}
