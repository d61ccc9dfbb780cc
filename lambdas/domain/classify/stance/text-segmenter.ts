/**
 * One pass over a field: words with their offsets, the sentence each word is
 * in, and the quotation each word is in. No regular expressions and no
 * substrings per word: the lexicon matcher walks `lower` by offset.
 */
import { ScratchArrays } from '../scratch';

/**
 * A segmented field. Its arrays hold at least `count` entries; they belong to
 * the segmenter and are reused by its next `segment` call.
 */
export interface Segmented {
  /** The field lower-cased (ё -> е), the same length as the original, so offsets are shared. */
  readonly lower: string;
  readonly count: number;
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Sentence index (0-based) of each word. */
  readonly sentence: Int32Array;
  /** Quotation id of each word, -1 outside quotation marks. */
  readonly quote: Int32Array;
  /** Words per quotation id. */
  readonly quoteWords: readonly number[];
  readonly sentenceCount: number;
}

const DOT = 0x2e;
const NEWLINE = 0x0a;
/** Opening mark -> the marks that close it. */
const QUOTE_PAIRS: ReadonlyMap<number, readonly number[]> = new Map([
  [0x22, [0x22]], // "
  [0xab, [0xbb]], // « »
  [0x201e, [0x201c, 0x201d]], // „ “ ”
  [0x201c, [0x201d, 0x201c]], // “ ”
]);

const OTHER_LETTER = /[\p{L}\p{N}]/u;
/** Word-character table for the first 0x800 code units (Latin, Latin-1, Latin Extended, Greek, Cyrillic …). */
const WORD_TABLE = (() => {
  const table = new Uint8Array(0x800);
  for (let c = 0; c < table.length; c++) table[c] = OTHER_LETTER.test(String.fromCharCode(c)) ? 1 : 0;
  return table;
})();

function isWordChar(c: number): boolean {
  if (c < 0x800) return WORD_TABLE[c] === 1;
  if ((c >= 0x2000 && c <= 0x2bff) || (c >= 0xd800 && c <= 0xdfff)) return false;
  return OTHER_LETTER.test(String.fromCharCode(c));
}

function lowerSameLength(text: string): string {
  const lower = text.toLowerCase();
  const out = lower.length === text.length ? lower : lowerEachUnit(text);
  return out.indexOf('ё') >= 0 ? out.replace(/\u0451/g, 'е') : out;
}

function lowerEachUnit(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const l = ch.toLowerCase();
    out += l.length === 1 ? l : ch;
  }
  return out;
}

export class TextSegmenter {
  private readonly abbreviations: ReadonlySet<string>;
  /** The word arrays, reused from one call to the next. */
  private readonly scratch = new ScratchArrays();

  constructor(abbreviations: readonly string[]) {
    this.abbreviations = new Set(abbreviations.map((a) => a.toLowerCase().replace(/\.$/, '')));
  }

  segment(text: string): Segmented {
    const lower = lowerSameLength(text);
    const n = text.length;
    let cap = Math.max(16, n >> 2);
    this.scratch.reset();
    let start = this.scratch.int32(cap);
    let end = this.scratch.int32(cap);
    let sentence = this.scratch.int32(cap);
    let quote = this.scratch.int32(cap);
    const quoteWords: number[] = [];
    let count = 0;
    let sent = 0;
    let openMark = -1;
    let quoteId = -1;
    let prevEnd = 0;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (!isWordChar(c)) {
        i++;
        continue;
      }
      // A word starts at i. Read it, with inner apostrophes and single-letter abbreviations (U.S., z.B.).
      const s = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isWordChar(d)) i++;
        else if ((d === 0x27 || d === 0x2019) && i + 1 < n && isWordChar(text.charCodeAt(i + 1))) i += 2;
        else break;
      }
      if (i - s === 1 && text.charCodeAt(i) === DOT && i + 2 < n && isWordChar(text.charCodeAt(i + 1))) {
        let j = i;
        while (j + 2 <= n && text.charCodeAt(j) === DOT && isWordChar(text.charCodeAt(j + 1))) {
          const after = j + 2 < n ? text.charCodeAt(j + 2) : 0x20;
          if (isWordChar(after)) break;
          j += 2;
        }
        if (j > i) i = j < n && text.charCodeAt(j) === DOT ? j + 1 : j;
      }
      // The gap before this word decides sentence breaks and quotation marks.
      if (count > 0) {
        let newlines = 0;
        let hardStop = false;
        let dot = false;
        for (let g = prevEnd; g < s; g++) {
          const d = text.charCodeAt(g);
          if (d === NEWLINE) newlines++;
          else if (d === DOT) dot = true;
          else if (d === 0x21 || d === 0x3f || d === 0x2026) hardStop = true;
          else if (d < 0x22 || (d > 0x22 && d < 0xab) || (d > 0xbb && d < 0x201c)) {
            // not a quotation mark
          } else if (openMark < 0) {
            if (QUOTE_PAIRS.has(d)) {
              openMark = d;
              quoteId = quoteWords.length;
              quoteWords.push(0);
            }
          } else if (QUOTE_PAIRS.get(openMark)?.includes(d)) {
            openMark = -1;
            quoteId = -1;
          }
        }
        if (newlines >= 2) {
          openMark = -1;
          quoteId = -1;
        }
        if (newlines > 0 || hardStop || (dot && this.breaksAfter(lower, start, end, count, s, text))) {
          sent++;
        }
      } else {
        for (let g = 0; g < s; g++) {
          const d = text.charCodeAt(g);
          if (openMark < 0 && QUOTE_PAIRS.has(d)) {
            openMark = d;
            quoteId = 0;
            quoteWords.push(0);
          }
        }
      }
      if (count === cap) {
        cap *= 2;
        start = grow(start, cap);
        end = grow(end, cap);
        sentence = grow(sentence, cap);
        quote = grow(quote, cap);
      }
      start[count] = s;
      end[count] = i;
      sentence[count] = sent;
      quote[count] = quoteId;
      if (quoteId >= 0) quoteWords[quoteId] = (quoteWords[quoteId] ?? 0) + 1;
      count++;
      prevEnd = i;
    }
    return { lower, count, start, end, sentence, quote, quoteWords, sentenceCount: count > 0 ? sent + 1 : 0 };
  }

  /** A full stop after the previous word ends the sentence unless that word is an abbreviation or the next is lower-case. */
  private breaksAfter(
    lower: string,
    start: Int32Array,
    end: Int32Array,
    count: number,
    next: number,
    text: string,
  ): boolean {
    const ps = start[count - 1] as number;
    const pe = end[count - 1] as number;
    let word = lower.slice(ps, pe);
    if (word.endsWith('.')) word = word.slice(0, -1);
    if (this.abbreviations.has(word)) return false;
    const c = text.charCodeAt(next);
    return lower.charCodeAt(next) !== c || (c >= 0x30 && c <= 0x39);
  }
}

function grow(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}
