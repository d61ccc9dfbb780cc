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
import { tokenize } from './tokenize';

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
  private readonly memo = new Map<string, WordEntry | null>();
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

  /** The topics a word signals, or null. Memoised: news vocabulary repeats a lot. */
  lookup(word: string): WordEntry | null {
    const cached = this.memo.get(word);
    if (cached !== undefined) return cached;
    const hits = this.analyse(word);
    const entry = hits === null || this.nextId >= MEMO_LIMIT ? null : { id: this.nextId++, hits };
    if (entry !== null) this.entriesById[entry.id] = entry;
    // A word seen when the memo is full is looked up again next time (see `startDocument`).
    if (hits === null || entry !== null) this.memo.set(word, entry);
    return entry ?? (hits === null ? null : { id: -1, hits });
  }

  /** Call before each document: bounds the memo on a long-running process. */
  startDocument(): void {
    if (this.memo.size >= MEMO_LIMIT || this.nextId >= MEMO_LIMIT) {
      this.memo.clear();
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

  return {
    version,
    predict({ title, text, lang }): TopicScore[] {
      const lexicon = lexiconFor(lang);
      lexicon.startDocument();
      const raw = new Float64Array(topics.length);
      const { counts, touched } = lexicon;
      // Weighted occurrences per distinct word that signals a topic; a word
      // the memo could not hold (id -1) counts on its own, undamped.
      const count = (words: readonly string[], weight: number) => {
        for (const w of words) {
          if (w.length < 2) continue;
          const e = lexicon.lookup(w);
          if (e === null) continue;
          if (e.id < 0) {
            for (const [t, tw] of e.hits) raw[t] = (raw[t] as number) + tw;
            continue;
          }
          if (counts[e.id] === 0) touched.push(e.id);
          counts[e.id] = (counts[e.id] as number) + weight;
        }
      };
      if (title) count(tokenize(title), s.titleWeight);
      const words = tokenize(text);
      // News puts the point first: the lead counts more than the rest of the body.
      const leadWords = s.leadWords ?? 0;
      if (leadWords > 0 && words.length > leadWords) {
        count(words.slice(0, leadWords), s.leadWeight ?? 1);
        count(words.slice(leadWords), 1);
      } else count(words, leadWords > 0 ? (s.leadWeight ?? 1) : 1);
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
