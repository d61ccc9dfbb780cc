/**
 * Word tokenisation shared by the topic models: lower-cased runs of letters
 * and digits (any script), so German, English and Russian need no special
 * casing. `ё` is folded to `е`, as Russian text mixes the two freely.
 * A hand-written scanner: it is the hot loop of topic classification.
 */

const OTHER_WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

function isWordChar(c: number, text: string, i: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
  if (c >= 0x400 && c <= 0x4ff) return true; // Cyrillic
  if (c >= 0xc0 && c <= 0x24f) return c !== 0xd7 && c !== 0xf7; // Latin-1 and Latin Extended letters
  // Astral characters (rare): judge the whole surrogate pair.
  if (c >= 0xd800 && c <= 0xdbff) return OTHER_WORD_CHAR.test(text.slice(i, i + 2));
  if (c >= 0xdc00 && c <= 0xdfff) return OTHER_WORD_CHAR.test(text.slice(i - 1, i + 1));
  return OTHER_WORD_CHAR.test(text[i] as string);
}

/** Below this code unit (Latin, Greek, Cyrillic) `isWordChar` is a table lookup. */
const TABLE_SIZE = 0x500;
const WORD_TABLE = Uint8Array.from({ length: TABLE_SIZE }, (_, c) =>
  isWordChar(c, String.fromCharCode(c), 0) ? 1 : 0,
);

const isWordCharAt = (c: number, text: string, i: number): boolean =>
  c < TABLE_SIZE ? WORD_TABLE[c] === 1 : isWordChar(c, text, i);

/**
 * Walks the words of a text without building them: after each successful
 * `next()`, the word is `lower.slice(start, end)` (which `word()` builds).
 * For callers that can look words up by position.
 */
export class WordScanner {
  /** The text, lower-cased, with `ё` folded to `е`; offsets refer to it. */
  lower = '';
  start = 0;
  end = 0;
  /** FNV-1a (32-bit) hash of the current word, computed while scanning it. */
  hash = 0;

  /** Starts on a new text. */
  reset(text: string): void {
    const lower = text.toLowerCase();
    this.lower = lower.includes('ё') ? lower.replaceAll('ё', 'е') : lower;
    this.start = 0;
    this.end = 0;
    this.hash = 0;
  }

  /** Moves to the next word; false when there is none. */
  next(): boolean {
    const lower = this.lower;
    const n = lower.length;
    let i = this.end;
    while (i < n && !isWordCharAt(lower.charCodeAt(i), lower, i)) i++;
    if (i >= n) return false;
    this.start = i;
    let h = 0x811c9dc5;
    for (; i < n; i++) {
      const c = lower.charCodeAt(i);
      if (!isWordCharAt(c, lower, i)) break;
      h = Math.imul(h ^ c, 0x01000193);
    }
    this.end = i;
    this.hash = h;
    return true;
  }

  /** Whether the current word is `word`, without building it. */
  is(word: string): boolean {
    return word.length === this.end - this.start && this.lower.startsWith(word, this.start);
  }

  /** The current word, as `tokenize` returns it. */
  word(): string {
    return this.lower.slice(this.start, this.end);
  }
}

export function tokenize(text: string): string[] {
  const words = new WordScanner();
  words.reset(text);
  const out: string[] = [];
  while (words.next()) out.push(words.word());
  return out;
}
