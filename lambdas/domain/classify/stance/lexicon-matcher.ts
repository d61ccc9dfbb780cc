/**
 * All patterns of one language compiled into two tries, built once at init:
 *
 * - a character trie of word patterns (`russland`, `russland*` as a prefix,
 *   `^US` case-sensitive), walked once per word of the text, giving the ids of
 *   the word patterns that word matches;
 * - a phrase trie over those ids, so that multi-word patterns
 *   (`kiew* regime*`, `special military operation`) are found by following
 *   the next words' ids.
 *
 * Both tries keep their edges in one integer-keyed Map each
 * (`node * alphabet + symbol`), which is cheap to build and to probe.
 *
 * Per call the cost is one walk of the text's characters plus a lookup per
 * matched word; there is no per-call regex construction.
 */
import type { Segmented } from './text-segmenter';

export interface PhrasePattern<T> {
  readonly pattern: string;
  readonly value: T;
}

export interface PhraseHit<T> {
  /** First and last word index (inclusive). */
  readonly first: number;
  readonly last: number;
  readonly value: T;
  /** Characters in the pattern: the longer, the more specific. */
  readonly specificity: number;
}

/** Characters above this code never occur in patterns (Latin, Latin-1/Extended, Cyrillic): a word with one cannot match. */
const MAX_CHAR = 0x800;
/** Word-pattern ids per phrase-trie step; transitions are keyed `node * WORD_SPACE + wordId`. */
const WORD_SPACE = 0x4000;

interface PhraseValue<T> {
  readonly value: T;
  readonly specificity: number;
}

/** Splits a pattern into its words the way the segmenter splits text: on spaces and hyphens. */
export function patternWords(pattern: string): string[] {
  return pattern
    .trim()
    .split(/[\s\-‐–]+/u)
    .filter((w) => w !== '');
}

export class LexiconMatcher<T> {
  /** Character trie of word patterns: `node * MAX_CHAR + char` -> child node. Node 0 is the root. */
  private readonly charEdges = new Map<number, number>();
  /** Per character-trie node: word-pattern ids ending exactly there / prefixes ending there / case-sensitive. */
  private readonly exact: (number[] | undefined)[] = [undefined];
  private readonly prefix: (number[] | undefined)[] = [undefined];
  private readonly cased: ({ id: number; original: string }[] | undefined)[] = [undefined];
  /** Phrase trie over word-pattern ids: `node * WORD_SPACE + wordId` -> child node. Node 0 is the root. */
  private readonly phraseEdges = new Map<number, number>();
  private readonly phraseValues: (PhraseValue<T>[] | undefined)[] = [undefined];
  private readonly wordIds = new Map<string, number>();

  constructor(patterns: Iterable<PhrasePattern<T>>) {
    for (const { pattern, value } of patterns) this.add(pattern, value);
  }

  private wordId(word: string): number {
    const known = this.wordIds.get(word);
    if (known !== undefined) return known;
    const id = this.wordIds.size;
    if (id >= WORD_SPACE)
      throw new RangeError(`More than ${WORD_SPACE} distinct words in one language's patterns`);
    this.wordIds.set(word, id);
    const cased = word.startsWith('^');
    const isPrefix = !cased && word.endsWith('*');
    const body = cased ? word.slice(1) : isPrefix ? word.slice(0, -1) : word;
    const key = body.toLowerCase().replace(/ё/g, 'е');
    let node = 0;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      if (c >= MAX_CHAR) throw new RangeError(`Unsupported character in pattern word "${word}"`);
      const edge = node * MAX_CHAR + c;
      let child = this.charEdges.get(edge);
      if (child === undefined) {
        child = this.exact.length;
        this.exact.push(undefined);
        this.prefix.push(undefined);
        this.cased.push(undefined);
        this.charEdges.set(edge, child);
      }
      node = child;
    }
    if (cased) this.cased[node] = [...(this.cased[node] ?? []), { id, original: body }];
    else if (isPrefix) this.prefix[node] = [...(this.prefix[node] ?? []), id];
    else this.exact[node] = [...(this.exact[node] ?? []), id];
    return id;
  }

  private add(pattern: string, value: T): void {
    const words = patternWords(pattern);
    if (words.length === 0) return;
    let node = 0;
    for (const w of words) {
      const edge = node * WORD_SPACE + this.wordId(w);
      let child = this.phraseEdges.get(edge);
      if (child === undefined) {
        child = this.phraseValues.length;
        this.phraseValues.push(undefined);
        this.phraseEdges.set(edge, child);
      }
      node = child;
    }
    this.phraseValues[node] = [
      ...(this.phraseValues[node] ?? []),
      { value, specificity: words.join(' ').length },
    ];
  }

  /** Word-pattern ids matched by word `w` of the segmented text, appended to `out`. */
  private matchWord(seg: Segmented, text: string, w: number, out: number[]): void {
    const s = seg.start[w] as number;
    const e = seg.end[w] as number;
    const lower = seg.lower;
    let node = 0;
    for (let i = s; i < e; i++) {
      const c = lower.charCodeAt(i);
      if (c >= MAX_CHAR) return;
      const child = this.charEdges.get(node * MAX_CHAR + c);
      if (child === undefined) return;
      node = child;
      const prefix = this.prefix[node];
      if (prefix !== undefined) for (const id of prefix) out.push(id);
    }
    const exact = this.exact[node];
    if (exact !== undefined) for (const id of exact) out.push(id);
    const cased = this.cased[node];
    if (cased !== undefined) for (const c of cased) if (text.startsWith(c.original, s)) out.push(c.id);
  }

  /** Every pattern occurrence in the text; phrases never cross a sentence boundary. */
  scan(seg: Segmented, text: string): PhraseHit<T>[] {
    const n = seg.count;
    const offsets = new Int32Array(n + 1);
    const ids: number[] = [];
    for (let w = 0; w < n; w++) {
      offsets[w] = ids.length;
      this.matchWord(seg, text, w, ids);
    }
    offsets[n] = ids.length;
    const hits: PhraseHit<T>[] = [];
    for (let w = 0; w < n; w++) {
      const from = offsets[w] as number;
      const to = offsets[w + 1] as number;
      for (let k = from; k < to; k++) {
        const node = this.phraseEdges.get(ids[k] as number);
        if (node !== undefined) this.follow(node, seg, w, w, offsets, ids, hits);
      }
    }
    return hits;
  }

  private follow(
    node: number,
    seg: Segmented,
    first: number,
    last: number,
    offsets: Int32Array,
    ids: number[],
    hits: PhraseHit<T>[],
  ): void {
    const values = this.phraseValues[node];
    if (values !== undefined) {
      for (const v of values) hits.push({ first, last, value: v.value, specificity: v.specificity });
    }
    const next = last + 1;
    if (next >= seg.count || seg.sentence[next] !== seg.sentence[first]) return;
    const from = offsets[next] as number;
    const to = offsets[next + 1] as number;
    for (let k = from; k < to; k++) {
      const child = this.phraseEdges.get(node * WORD_SPACE + (ids[k] as number));
      if (child !== undefined) this.follow(child, seg, first, next, offsets, ids, hits);
    }
  }
}
