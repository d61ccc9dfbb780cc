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
 * Both tries keep their edges in one integer-keyed table each
 * (`node * alphabet + symbol`, an {@link IntMap}), which is cheap to build and
 * to probe; the root's edges, taken by every word, are also in a plain array.
 * The ids at each character-trie node sit in flat typed arrays. Keys stay
 * below 2^31: a language may have up to 2^20 character-trie nodes and 2^17
 * phrase-trie nodes (thousands are used), else building the matcher throws.
 *
 * Per call the cost is one walk of the text's characters plus a lookup per
 * matched word; there is no per-call regex construction.
 */
import { IntMap } from '../int-map';
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
    .split(/[\s\-\u2010\u2013]+/u)
    .filter((w) => w !== '');
}

/** Per-node lists of ids, flattened: the ids of node `k` are `ids[start[k]]` up to `ids[start[k + 1]]`. */
interface NodeIds {
  readonly start: Int32Array;
  readonly ids: Int32Array;
}

function flatten(lists: readonly (readonly number[] | undefined)[]): NodeIds {
  const start = new Int32Array(lists.length + 1);
  for (let k = 0; k < lists.length; k++) start[k + 1] = (start[k] as number) + (lists[k]?.length ?? 0);
  const ids = new Int32Array(start[lists.length] as number);
  for (let k = 0; k < lists.length; k++) ids.set(lists[k] ?? [], start[k]);
  return { start, ids };
}

export class LexiconMatcher<T> {
  /** Character trie of word patterns: `node * MAX_CHAR + char` -> child node. Node 0 is the root. */
  private readonly charEdges = new IntMap();
  /** The root's children by character (0: none), the first step of every word. */
  private readonly rootChars = new Int32Array(MAX_CHAR);
  /** Per character-trie node: word-pattern ids ending exactly there / prefixes ending there / case-sensitive. */
  private readonly exact: NodeIds;
  private readonly prefix: NodeIds;
  private readonly cased: ({ id: number; original: string }[] | undefined)[] = [undefined];
  /** Phrase trie over word-pattern ids: `node * WORD_SPACE + wordId` -> child node. Node 0 is the root. */
  private readonly phraseEdges = new IntMap();
  private readonly phraseValues: (PhraseValue<T>[] | undefined)[] = [undefined];
  private readonly wordIds = new Map<string, number>();
  /** Scratch of `scan`: the word-pattern ids of every word of the text, and where each word's ids start. */
  private ids = new Int32Array(256);
  private offsets = new Int32Array(256);

  constructor(patterns: Iterable<PhrasePattern<T>>) {
    const exact: (number[] | undefined)[] = [undefined];
    const prefix: (number[] | undefined)[] = [undefined];
    for (const { pattern, value } of patterns) this.add(pattern, value, exact, prefix);
    this.exact = flatten(exact);
    this.prefix = flatten(prefix);
  }

  private wordId(word: string, exact: (number[] | undefined)[], prefix: (number[] | undefined)[]): number {
    const known = this.wordIds.get(word);
    if (known !== undefined) return known;
    const id = this.wordIds.size;
    if (id >= WORD_SPACE)
      throw new RangeError(`More than ${WORD_SPACE} distinct words in one language's patterns`);
    this.wordIds.set(word, id);
    const cased = word.startsWith('^');
    const isPrefix = !cased && word.endsWith('*');
    const body = cased ? word.slice(1) : isPrefix ? word.slice(0, -1) : word;
    const key = body.toLowerCase().replace(/\u0451/g, 'е');
    let node = 0;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      if (c >= MAX_CHAR) throw new RangeError(`Unsupported character in pattern word "${word}"`);
      const edge = node * MAX_CHAR + c;
      let child = this.charEdges.get(edge);
      if (child < 0) {
        child = exact.length;
        exact.push(undefined);
        prefix.push(undefined);
        this.cased.push(undefined);
        this.charEdges.set(edge, child);
        if (node === 0) this.rootChars[c] = child;
      }
      node = child;
    }
    if (cased) this.cased[node] = [...(this.cased[node] ?? []), { id, original: body }];
    else if (isPrefix) prefix[node] = [...(prefix[node] ?? []), id];
    else exact[node] = [...(exact[node] ?? []), id];
    return id;
  }

  private add(
    pattern: string,
    value: T,
    exact: (number[] | undefined)[],
    prefix: (number[] | undefined)[],
  ): void {
    const words = patternWords(pattern);
    if (words.length === 0) return;
    let node = 0;
    for (const w of words) {
      const edge = node * WORD_SPACE + this.wordId(w, exact, prefix);
      let child = this.phraseEdges.get(edge);
      if (child < 0) {
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

  /** Appends an id to the `ids` scratch at `count`; returns the new count. */
  private pushId(count: number, id: number): number {
    if (count === this.ids.length) {
      const grown = new Int32Array(count * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[count] = id;
    return count + 1;
  }

  /**
   * Appends the word-pattern ids matched by word `w` of the segmented text to
   * the `ids` scratch, from `count` on; returns the new count.
   */
  private matchWord(seg: Segmented, text: string, w: number, count: number): number {
    const s = seg.start[w] as number;
    const e = seg.end[w] as number;
    const lower = seg.lower;
    const { start: prefixStart, ids: prefixIds } = this.prefix;
    let node = 0;
    for (let i = s; i < e; i++) {
      const c = lower.charCodeAt(i);
      if (c >= MAX_CHAR) return count;
      // No child: 0 from `rootChars`, -1 from `charEdges` (node 0 is nobody's child).
      node = i === s ? (this.rootChars[c] as number) : this.charEdges.get(node * MAX_CHAR + c);
      if (node <= 0) return count;
      for (let k = prefixStart[node] as number, end = prefixStart[node + 1] as number; k < end; k++) {
        count = this.pushId(count, prefixIds[k] as number);
      }
    }
    const { start: exactStart, ids: exactIds } = this.exact;
    for (let k = exactStart[node] as number, end = exactStart[node + 1] as number; k < end; k++) {
      count = this.pushId(count, exactIds[k] as number);
    }
    const cased = this.cased[node];
    if (cased !== undefined)
      for (const c of cased) if (text.startsWith(c.original, s)) count = this.pushId(count, c.id);
    return count;
  }

  /** Every pattern occurrence in the text; phrases never cross a sentence boundary. */
  scan(seg: Segmented, text: string): PhraseHit<T>[] {
    const n = seg.count;
    if (this.offsets.length < n + 1) this.offsets = new Int32Array(Math.max(n + 1, this.offsets.length * 2));
    const offsets = this.offsets;
    let count = 0;
    for (let w = 0; w < n; w++) {
      offsets[w] = count;
      count = this.matchWord(seg, text, w, count);
    }
    offsets[n] = count;
    const hits: PhraseHit<T>[] = [];
    for (let w = 0; w < n; w++) {
      const from = offsets[w] as number;
      const to = offsets[w + 1] as number;
      for (let k = from; k < to; k++) {
        const node = this.phraseEdges.get(this.ids[k] as number);
        if (node >= 0) this.follow(node, seg, w, w, hits);
      }
    }
    return hits;
  }

  private follow(node: number, seg: Segmented, first: number, last: number, hits: PhraseHit<T>[]): void {
    const values = this.phraseValues[node];
    if (values !== undefined) {
      for (const v of values) hits.push({ first, last, value: v.value, specificity: v.specificity });
    }
    const next = last + 1;
    if (next >= seg.count || seg.sentence[next] !== seg.sentence[first]) return;
    const from = this.offsets[next] as number;
    const to = this.offsets[next + 1] as number;
    for (let k = from; k < to; k++) {
      const child = this.phraseEdges.get(node * WORD_SPACE + (this.ids[k] as number));
      if (child >= 0) this.follow(child, seg, first, next, hits);
    }
  }
}
