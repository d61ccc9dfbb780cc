/**
 * Compiles the hand-curated lexicon sources (`training/topics/lexicon-<lang>.json`
 * and `training/topics/scoring.json`) into the model data the scorer loads.
 * Pure: the build script does the file I/O.
 *
 * Source format, per language: `{ "<topic>": { "<weight>": "entry entry …" } }`,
 * entries in the syntax documented in `lexicon-model.ts`.
 */
import {
  type LanguageLexicon,
  LEXICON_MODEL_FORMAT,
  type LexiconScoring,
  type LexiconTopicModelData,
} from './lexicon-model';

export type LexiconSource = Readonly<Record<string, Readonly<Record<string, string>>>>;

export interface ScoringSource {
  readonly name: string;
  readonly topics: readonly string[];
  readonly scoring: LexiconScoring;
}

export class LexiconSourceError extends Error {
  override readonly name = 'LexiconSourceError';
}

const ENTRY = /^(\*?)([\p{L}\p{N}]+)(\$?)$/u;

type Table = Record<string, Record<string, number>>;

/** Object with keys in sorted order, so the compiled JSON (and its hash) is reproducible. */
function sorted<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function compileLexicon(
  lang: string,
  source: LexiconSource,
  topics: readonly string[],
): LanguageLexicon {
  const tables: Record<keyof LanguageLexicon, Table> = { prefix: {}, exact: {}, infix: {}, suffix: {} };
  for (const [topic, groups] of Object.entries(source)) {
    if (!topics.includes(topic)) throw new LexiconSourceError(`${lang}: unknown topic "${topic}"`);
    for (const [weightText, entries] of Object.entries(groups)) {
      const weight = Number(weightText);
      if (!Number.isFinite(weight) || weight <= 0) {
        throw new LexiconSourceError(`${lang}/${topic}: weight "${weightText}" is not a positive number`);
      }
      for (const entry of entries.split(/\s+/).filter(Boolean)) {
        const m = ENTRY.exec(entry.toLowerCase().replaceAll('ё', 'е'));
        if (m === null) throw new LexiconSourceError(`${lang}/${topic}: malformed entry "${entry}"`);
        const [, star, word = '', dollar] = m;
        const kind: keyof LanguageLexicon = star
          ? dollar
            ? 'suffix'
            : 'infix'
          : dollar
            ? 'exact'
            : 'prefix';
        if (kind !== 'exact' && word.length < 3) {
          throw new LexiconSourceError(`${lang}/${topic}: "${entry}" is too short to match by stem or part`);
        }
        const row = tables[kind][word] ?? {};
        row[topic] = Math.max(row[topic] ?? 0, weight);
        tables[kind][word] = row;
      }
    }
  }
  const finish = (t: Table) => sorted(Object.fromEntries(Object.entries(t).map(([k, v]) => [k, sorted(v)])));
  return {
    prefix: finish(tables.prefix),
    exact: finish(tables.exact),
    infix: finish(tables.infix),
    suffix: finish(tables.suffix),
  };
}

export function compileLexiconModel(
  scoring: ScoringSource,
  lexicons: Readonly<Record<string, LexiconSource>>,
): LexiconTopicModelData {
  const languages = sorted(
    Object.fromEntries(
      Object.entries(lexicons).map(([lang, src]) => [lang, compileLexicon(lang, src, scoring.topics)]),
    ),
  );
  return {
    format: LEXICON_MODEL_FORMAT,
    name: scoring.name,
    topics: scoring.topics,
    scoring: scoring.scoring,
    languages,
  };
}
