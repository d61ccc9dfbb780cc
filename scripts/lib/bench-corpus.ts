/**
 * A deterministic benchmark corpus built from the team's own sample articles
 * (`samples/*.txt`): each generated article keeps a sample's header line and
 * lead, then recombines body paragraphs and sentences of samples in the same
 * language until it reaches a target length. Nothing comes from the eval data.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../../lambdas/domain/random';

export interface SampleArticle {
  readonly file: string;
  readonly text: string;
}

export interface BenchCorpusOptions {
  /** How many articles to generate. */
  readonly count: number;
  /** Word count range of each generated article. */
  readonly minWords: number;
  readonly maxWords: number;
  /** PRNG seed, so that every run measures the same corpus. */
  readonly seed: number;
}

export const DEFAULT_BENCH_CORPUS: BenchCorpusOptions = {
  count: 2000,
  minWords: 300,
  maxWords: 800,
  seed: 20240301,
};

export class NoSamplesError extends Error {
  constructor(dir: string) {
    super(`No sample articles (*.txt) found in ${dir}; the benchmark corpus is generated from them.`);
    this.name = 'NoSamplesError';
  }
}

export function readSamples(dir: string): SampleArticle[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort();
  if (files.length === 0) throw new NoSamplesError(dir);
  return files.map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8').replace(/\r\n?/g, '\n') }));
}

const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;

/** A sample's language from its file name prefix (`de-…`, `en-…`, `ru-…`), else `other`. */
const languageOf = (file: string): string => /^([a-z]{2})[-_]/.exec(file)?.[1] ?? 'other';

const CREDIT_OR_RELATED =
  /^(Quelle|Source|Photo|Источник|Фото):|^(Mehr zum Thema|More on the topic|Больше по теме)\b/u;

interface SampleParts {
  readonly header: string;
  readonly lead: string;
  readonly credit: string | undefined;
  readonly body: readonly string[];
}

function split(sample: SampleArticle): SampleParts {
  const paragraphs = sample.text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const [header = '', lead = '', ...rest] = paragraphs;
  const credit = rest.find((p) => CREDIT_OR_RELATED.test(p));
  // Body paragraphs without the credit line and without glued-on related headlines.
  const body = rest
    .filter((p) => p !== credit)
    .map((p) => p.replace(/\s*(Mehr zum Thema|More on the topic|Больше по теме)\s*[–-].*$/u, '').trim())
    .filter(Boolean);
  return {
    header: sample.text.split('\n')[0] ?? header,
    lead,
    credit,
    body: body.length > 0 ? body : [lead],
  };
}

/** Generates `count` articles in the sample format, each `minWords`–`maxWords` words long. */
export function buildBenchCorpus(samples: readonly SampleArticle[], options: BenchCorpusOptions): string[] {
  const random = mulberry32(options.seed);
  const parts = samples.map(split);
  const byLanguage = new Map<string, SampleParts[]>();
  for (const [i, p] of parts.entries()) {
    const lang = languageOf((samples[i] as SampleArticle).file);
    byLanguage.set(lang, [...(byLanguage.get(lang) ?? []), p]);
  }
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const corpus: string[] = [];
  for (let i = 0; i < options.count; i++) {
    const base = parts[i % parts.length] as SampleParts;
    const lang = languageOf((samples[i % samples.length] as SampleArticle).file);
    const pool = byLanguage.get(lang) ?? parts;
    const target = options.minWords + Math.floor(random() * (options.maxWords - options.minWords + 1));
    const out = [base.header, '', base.lead, ''];
    if (base.credit !== undefined) out.push(base.credit, '');
    let count = words(base.header) + words(base.lead);
    while (count < target) {
      let paragraph = pick(pick(pool).body);
      const left = target - count;
      if (words(paragraph) > left) {
        // Trim the last paragraph to whole sentences so the article lands near its target length.
        const sentences = paragraph.split(/(?<=[.!?…])\s+/u);
        const kept: string[] = [];
        for (const s of sentences) {
          if (words(kept.join(' ')) + words(s) > left && kept.length > 0) break;
          kept.push(s);
        }
        paragraph = kept.join(' ');
      }
      out.push(paragraph, '');
      count += words(paragraph);
    }
    corpus.push(out.join('\n').trimEnd());
  }
  return corpus;
}
