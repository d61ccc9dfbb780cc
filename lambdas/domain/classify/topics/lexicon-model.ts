/**
 * The default topic model: weighted per-language lexicons of word stems for
 * each topic (IPTC Media Topics top level), scored with sublinear term counts
 * and a title boost. The lexicons are data (`models/topics/*.json`, built from
 * `training/topics/` by `npm run build:model`); this module is the generic
 * scorer. Pure: no I/O.
 *
 * Entry syntax, per language and topic, each with a weight:
 * - `stem`   matches any word that starts with it (`krieg` -> `Kriege`, `Kriegsende`);
 * - `word$`  matches that word only (`war$` must not match `warn`);
 * - `*part`  matches a word that contains it after the first letter, for compounds (`*krieg` -> `Ukrainekrieg`);
 * - `*end$`  matches a word that ends with it (`*gas$` -> `Erdgas`).
 * Per word, the longest matching stem (and exact word) counts, plus the longest
 * compound part; a topic takes the larger weight when several match.
 */
import type { LanguageCode } from '../../article';
import type { TopicScore } from '../../classification';
import type { TopicModel } from '../embedded-classifier';
import { WordScanner } from './tokenize';

export const LEXICON_MODEL_FORMAT = 'lexicon-topics/1';

/** topic slug -> weight */
export type TopicWeights = Readonly<Record<string, number>>;

export interface LanguageLexicon {
  readonly prefix: Readonly<Record<string, TopicWeights>>;
  readonly exact: Readonly<Record<string, TopicWeights>>;
  readonly infix: Readonly<Record<string, TopicWeights>>;
  readonly suffix: Readonly<Record<string, TopicWeights>>;
}

export interface LexiconScoring {
  /** A title word counts this many times. */
  readonly titleWeight: number;
  /** The first `leadWords` words of the body count `leadWeight` times (optional). */
  readonly leadWords?: number;
  readonly leadWeight?: number;
  /** Below this raw score, the best topic is not confident and nothing is reported. */
  readonly minScore: number;
  /** Other topics are reported when their raw score reaches this share of the best one. */
  readonly secondaryRatio: number;
  /** Secondary topics also need at least this raw score. */
  readonly minSecondaryScore: number;
  readonly maxTopics: number;
  /** The raw score that maps to a confidence of 0.5. */
  readonly halfConfidence: number;
}

export interface LexiconTopicModelData {
  readonly format: typeof LEXICON_MODEL_FORMAT;
  readonly name: string;
  /** Topic slugs; ties are broken in this order. */
  readonly topics: readonly string[];
  readonly scoring: LexiconScoring;
  readonly languages: Readonly<Record<string, LanguageLexicon>>;
}

/** Flat per-word result: topic index -> weight, for the topics the word signals. */
type Hits = readonly (readonly [number, number])[];

/** A word that signals topics; `id` indexes the per-document count array. */
interface WordEntry {
  readonly id: number;
  readonly hits: Hits;
}

const MEMO_LIMIT = 100_000;

class CompiledLexicon {
  private readonly prefix = new Map<string, Hits>();
  private readonly exact = new Map<string, Hits>();
  private readonly infix: (readonly [string, Hits])[] = [];
  private readonly suffix: (readonly [string, Hits])[] = [];
  private readonly maxPrefix: number;
  /**
   * Memo of analysed words, looked up by position in the text so that no
   * string is built for a word seen before: an open-addressing table of word
   * hashes (slot -> 1 + memo index, 0 = empty) over parallel arrays.
   */
  private memoSlots = new Int32Array(1024);
  private readonly memoWords: string[] = [];
  private readonly memoHashes: number[] = [];
  private readonly memoEntries: (WordEntry | null)[] = [];
  private nextId = 0;
  /** Per-document scratch: weighted occurrences per word id, and the ids touched. */
  readonly counts = new Float64Array(MEMO_LIMIT);
  readonly touched: number[] = [];
  readonly entriesById: WordEntry[] = [];

  constructor(lexicons: readonly LanguageLexicon[], topicIndex: ReadonlyMap<string, number>) {
    const toHits = (w: TopicWeights): [number, number][] =>
      Object.entries(w).flatMap(([slug, weight]) => {
        const i = topicIndex.get(slug);
        return i === undefined ? [] : [[i, weight] as [number, number]];
      });
    const merge = (map: Map<string, Hits>, key: string, hits: Hits) => {
      map.set(key, maxMerge(map.get(key) ?? [], hits));
    };
    const infix = new Map<string, Hits>();
    const suffix = new Map<string, Hits>();
    for (const lex of lexicons) {
      for (const [k, w] of Object.entries(lex.prefix)) merge(this.prefix, k, toHits(w));
      for (const [k, w] of Object.entries(lex.exact)) merge(this.exact, k, toHits(w));
      for (const [k, w] of Object.entries(lex.infix)) merge(infix, k, toHits(w));
      for (const [k, w] of Object.entries(lex.suffix)) merge(suffix, k, toHits(w));
    }
    // Longest parts first, so the first match is the most specific one.
    this.infix = [...infix].sort((a, b) => b[0].length - a[0].length);
    this.suffix = [...suffix].sort((a, b) => b[0].length - a[0].length);
    this.maxPrefix = Math.max(0, ...[...this.prefix.keys()].map((k) => k.length));
  }

  /** The topics the scanner's current word signals, or null. Memoised: news vocabulary repeats a lot. */
  lookup(words: WordScanner): WordEntry | null {
    const h = words.hash;
    const mask = this.memoSlots.length - 1;
    let slot = (h ^ (h >>> 16)) & mask;
    for (let k = this.memoSlots[slot] as number; k !== 0; k = this.memoSlots[slot] as number) {
      if (this.memoHashes[k - 1] === h && words.is(this.memoWords[k - 1] as string)) {
        return this.memoEntries[k - 1] as WordEntry | null;
      }
      slot = (slot + 1) & mask;
    }
    const word = words.word();
    const hits = this.analyse(word);
    const entry = hits === null || this.nextId >= MEMO_LIMIT ? null : { id: this.nextId++, hits };
    if (entry !== null) this.entriesById[entry.id] = entry;
    // A word seen when the memo is full is looked up again next time (see `startDocument`).
    if (hits === null || entry !== null) this.remember(slot, h, word, entry);
    return entry ?? (hits === null ? null : { id: -1, hits });
  }

  /**
   * Counts the scanner's current word with `weight`: weighted occurrences per
   * distinct word that signals a topic, damped when the document is scored.
   * A word the memo could not hold (id -1) adds to `raw` on its own, undamped.
   */
  count(words: WordScanner, weight: number, raw: Float64Array): void {
    const e = this.lookup(words);
    if (e === null) return;
    if (e.id < 0) {
      for (const [t, tw] of e.hits) raw[t] = (raw[t] as number) + tw;
      return;
    }
    if (this.counts[e.id] === 0) this.touched.push(e.id);
    this.counts[e.id] = (this.counts[e.id] as number) + weight;
  }

  /** Adds a word to the memo at `slot`, the free slot its lookup ended on. */
  private remember(slot: number, h: number, word: string, entry: WordEntry | null): void {
    this.memoWords.push(word);
    this.memoHashes.push(h);
    this.memoEntries.push(entry);
    this.memoSlots[slot] = this.memoWords.length;
    if (this.memoWords.length * 2 > this.memoSlots.length) {
      this.memoSlots = new Int32Array(this.memoSlots.length * 2);
      const mask = this.memoSlots.length - 1;
      for (let k = 0; k < this.memoHashes.length; k++) {
        const hk = this.memoHashes[k] as number;
        let free = (hk ^ (hk >>> 16)) & mask;
        while (this.memoSlots[free] !== 0) free = (free + 1) & mask;
        this.memoSlots[free] = k + 1;
      }
    }
  }

  /** Call before each document: bounds the memo on a long-running process. */
  startDocument(): void {
    if (this.memoWords.length >= MEMO_LIMIT || this.nextId >= MEMO_LIMIT) {
      this.memoSlots = new Int32Array(1024);
      this.memoWords.length = 0;
      this.memoHashes.length = 0;
      this.memoEntries.length = 0;
      this.nextId = 0;
    }
  }

  private analyse(word: string): Hits | null {
    let hits: Hits = this.exact.get(word) ?? [];
    for (let len = Math.min(word.length, this.maxPrefix); len >= 3; len--) {
      const h = this.prefix.get(len === word.length ? word : word.slice(0, len));
      if (h !== undefined) {
        hits = maxMerge(hits, h);
        break;
      }
    }
    for (const [part, h] of this.suffix) {
      if (word.length > part.length && word.endsWith(part)) {
        hits = maxMerge(hits, h);
        break;
      }
    }
    for (const [part, h] of this.infix) {
      if (word.length > part.length && word.indexOf(part, 1) > 0) {
        hits = maxMerge(hits, h);
        break;
      }
    }
    return hits.length > 0 ? hits : null;
  }
}

function maxMerge(a: Hits, b: Hits): Hits {
  if (a.length === 0) return b;
  const out = new Map<number, number>(a.map(([t, w]) => [t, w]));
  for (const [t, w] of b) out.set(t, Math.max(out.get(t) ?? Number.NEGATIVE_INFINITY, w));
  return [...out];
}

export class InvalidLexiconModelError extends Error {
  override readonly name = 'InvalidLexiconModelError';
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Builds the scorer from model data. All lexicon compilation happens here, once. */
export function lexiconTopicModel(data: LexiconTopicModelData, version: string): TopicModel {
  if (data.format !== LEXICON_MODEL_FORMAT || !Array.isArray(data.topics) || data.languages === undefined) {
    throw new InvalidLexiconModelError(
      `not a lexicon topic model (expected format "${LEXICON_MODEL_FORMAT}")`,
    );
  }
  const topics = data.topics;
  const s = data.scoring;
  const topicIndex = new Map(topics.map((t, i) => [t, i]));
  // Each language's lexicon is compiled on first use, which keeps init cheap.
  const compiled = new Map<string, CompiledLexicon>();
  const lexiconFor = (lang: LanguageCode): CompiledLexicon => {
    const key = Object.hasOwn(data.languages, lang) ? lang : '*';
    let lexicon = compiled.get(key);
    if (lexicon === undefined) {
      const own = data.languages[key];
      // Unknown or undetected language: try every lexicon.
      lexicon = new CompiledLexicon(own ? [own] : Object.values(data.languages), topicIndex);
      compiled.set(key, lexicon);
    }
    return lexicon;
  };

  // Per-document scratch: raw score per topic, and the word scanner.
  const raw = new Float64Array(topics.length);
  const words = new WordScanner();
  return {
    version,
    predict({ title, text, lang }): TopicScore[] {
      const lexicon = lexiconFor(lang);
      lexicon.startDocument();
      raw.fill(0);
      const { counts, touched } = lexicon;
      if (title) {
        words.reset(title);
        while (words.next()) if (words.end - words.start >= 2) lexicon.count(words, s.titleWeight, raw);
      }
      // News puts the point first: the first `leadWords` words of the body count more than the rest.
      const leadWords = s.leadWords ?? 0;
      const leadWeight = s.leadWeight ?? 1;
      words.reset(text);
      for (let k = 0; words.next(); k++) {
        if (words.end - words.start >= 2) lexicon.count(words, k < leadWords ? leadWeight : 1, raw);
      }
      const entries = lexicon.entriesById;
      for (const id of touched) {
        const damp = 1 + Math.log(counts[id] as number);
        counts[id] = 0;
        for (const [t, w] of (entries[id] as WordEntry).hits) raw[t] = (raw[t] as number) + w * damp;
      }
      touched.length = 0;
      const ranked = topics
        .map((slug, i) => ({ slug, raw: raw[i] as number, i }))
        .filter((r) => r.raw > 0)
        .sort((a, b) => b.raw - a.raw || a.i - b.i);
      const best = ranked[0];
      if (best === undefined || best.raw < s.minScore) return [];
      return ranked
        .filter((r, k) => k === 0 || (r.raw >= s.secondaryRatio * best.raw && r.raw >= s.minSecondaryScore))
        .slice(0, s.maxTopics)
        .map((r) => ({ slug: r.slug, score: round(r.raw / (r.raw + s.halfConfidence)) }));
    },
  };
}
