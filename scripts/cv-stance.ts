/**
 * `npm run cv:stance`: how well the whole stance model (lexicons + rules +
 * trained prior) labels full articles, measured on our own hand-written
 * articles (`training/stance/articles-*.jsonl`) by k-fold cross-validation:
 * for each fold the prior is retrained without that fold's texts, and the
 * fold's articles are classified by the default classifier built with it.
 *
 * This is the set we calibrate the scoring parameters on (`models/stance/cues.json`);
 * the eval sets in ../shared/eval are only ever measured, never tuned on.
 *
 *   npm run cv:stance [-- --folds 5 | --by-language | --by-batch] [--short] [--set priorWeight=3]
 *
 * `--by-language` holds out all articles of one language at a time (the
 * short texts stay in training): the prior then meets articles in a style it
 * never saw, which is closer to real outlets than folds of one author's texts.
 *
 * `--by-batch` holds out one batch of texts at a time, every text of it (a
 * batch is one writing round, named by the id without language and number:
 * `de-c2-014` is batch `c2`, `en-017` the first corpus `c1`): the prior then
 * meets texts by a writer, and on subjects, it never saw. Of the three it
 * is the closest to real outlets.
 *
 * `--short` scores the short texts (claims and narratives of a few sentences,
 * the lines without a title) instead of the articles: the same folds, with
 * `--by-language` holding out one language's short texts.
 *
 * `--set name=value` overrides a scoring parameter for this run only, to
 * compare settings before writing one into cues.json. Prints macro-F1 (the
 * definition of score.py: mean F1 over the labels that occur) per target,
 * their mean, and alignment macro-F1 and accuracy, overall and per language,
 * and the confusion tables of alignment and of stance (all targets).
 */
import { parseArgs } from 'node:util';
import type { Classifier } from '../lambdas/domain/classification';
import { EmbeddedClassifier } from '../lambdas/domain/classify/embedded-classifier';
import {
  type CuesFile,
  contentHash,
  createStanceModel,
  DEFAULT_STANCE_CONFIG,
  type StanceTrainingExample,
  trainStancePrior,
} from '../lambdas/domain/classify/stance';
import { priorTrainingExamples } from '../lambdas/domain/classify/stance/mention-tokens';
import { loadDefaultTopicModel } from '../lambdas/domain/classify/topics';
import { readStanceCorpus } from './build-stance-model';

const STANCE = ['favor', 'against', 'neutral', 'none'];
const ALIGNMENT = ['pro_kremlin', 'pro_western', 'balanced', 'not_applicable'];

type Pair = readonly [gold: string, predicted: string];

/** Mean F1 over the labels that occur in gold or predictions (as score.py computes it). */
export function macroF1(pairs: readonly Pair[], labels: readonly string[]): number {
  const f1s: number[] = [];
  for (const label of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const [g, p] of pairs) {
      if (g === label && p === label) tp++;
      else if (p === label) fp++;
      else if (g === label) fn++;
    }
    if (tp + fp + fn > 0) f1s.push((2 * tp) / (2 * tp + fp + fn));
  }
  return f1s.length === 0 ? Number.NaN : f1s.reduce((a, b) => a + b, 0) / f1s.length;
}

/** The writing round a text belongs to: its id without the language and the number (`de-c2-014` → `c2`). */
export function batchOf(e: { readonly id: string }): string {
  const batch = e.id.replace(/^[a-z]{2,3}-/, '').replace(/-?[0-9]+$/, '');
  return batch === '' ? 'c1' : batch;
}

function parseOverrides(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const value of values) {
    const match = /^([A-Za-z][A-Za-z0-9]*)=(-?[0-9.]+)$/.exec(value);
    if (!match?.[1] || !match[2]) throw new Error(`--set takes name=number, not ${value}`);
    out[match[1]] = Number(match[2]);
  }
  return out;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      folds: { type: 'string', default: '5' },
      'by-language': { type: 'boolean', default: false },
      'by-batch': { type: 'boolean', default: false },
      short: { type: 'boolean', default: false },
      set: { type: 'string', multiple: true, default: [] },
    },
  });
  const folds = Number(values.folds);
  if (!Number.isInteger(folds) || folds < 2) throw new Error('--folds takes a whole number of at least 2');
  const overrides = parseOverrides(values.set ?? []);
  const cues = DEFAULT_STANCE_CONFIG.cues as CuesFile;
  const scoring = { ...cues.scoring, ...overrides };
  const config = { ...DEFAULT_STANCE_CONFIG, cues: { ...cues, scoring } };
  const examples = readStanceCorpus();
  const short = values.short === true;
  const kind = short ? 'short texts' : 'articles';
  const isScored = (e: StanceTrainingExample) => (e.title === undefined) === short;
  const scoredCount = examples.filter(isScored).length;
  if (scoredCount === 0)
    throw new Error(`No ${kind} in training/stance/ (articles are the lines with a title).`);

  const targets: Record<string, Pair[]> = {};
  const alignment: Pair[] = [];
  const byLang = new Map<string, { targets: Record<string, Pair[]>; alignment: Pair[] }>();
  const topics = loadDefaultTopicModel();
  const languages = [...new Set(examples.filter(isScored).map((e) => e.lang))].sort();
  const byLanguage = values['by-language'] === true;
  const byBatch = values['by-batch'] === true;
  const batches = [...new Set(examples.filter(isScored).map(batchOf))].sort();
  const rounds = byBatch ? batches.length : byLanguage ? languages.length : folds;
  for (let k = 0; k < rounds; k++) {
    // Held out: every text of one batch, the scored texts of one language, or every `folds`-th text.
    const inFold = (i: number) => {
      const e = examples[i] as StanceTrainingExample;
      if (byBatch) return batchOf(e) === batches[k];
      return byLanguage ? isScored(e) && e.lang === languages[k] : i % folds === k;
    };
    const prior = trainStancePrior(
      priorTrainingExamples(
        examples.filter((_, i) => !inFold(i)),
        config,
      ),
      contentHash,
    );
    const stance = createStanceModel({ ...config, prior });
    const classifier: Classifier = new EmbeddedClassifier(topics, stance);
    examples.forEach((e, i) => {
      if (!inFold(i) || !isScored(e)) return;
      const result = classifier.classify({ title: e.title, text: e.text, lang: e.lang });
      const lang = byLang.get(e.lang) ?? { targets: {}, alignment: [] };
      byLang.set(e.lang, lang);
      for (const [target, gold] of Object.entries(e.stance)) {
        const pair: Pair = [gold, result.stance[target]?.label ?? 'missing'];
        for (const into of [targets, lang.targets]) {
          const pairs = into[target] ?? [];
          pairs.push(pair);
          into[target] = pairs;
        }
      }
      alignment.push([e.alignment, result.alignment.label]);
      lang.alignment.push([e.alignment, result.alignment.label]);
    });
  }

  const report = (name: string, t: Record<string, Pair[]>, a: Pair[]) => {
    const perTarget = Object.entries(t).map(([target, pairs]) => [target, macroF1(pairs, STANCE)] as const);
    const mean = perTarget.reduce((s, [, f]) => s + f, 0) / perTarget.length;
    const accuracy = a.filter(([g, p]) => g === p).length / a.length;
    process.stdout.write(
      `${name.padEnd(4)} n=${String(a.length).padEnd(4)} stance_macro_f1=${mean.toFixed(3)} (` +
        perTarget.map(([target, f]) => `${target} ${f.toFixed(3)}`).join(', ') +
        `) alignment_macro_f1=${macroF1(a, ALIGNMENT).toFixed(3)} alignment_acc=${accuracy.toFixed(3)}\n`,
    );
  };
  process.stdout.write(
    `${scoredCount} of our own ${kind}, ${byBatch ? `one batch held out at a time (${batches.join(', ')})` : byLanguage ? 'one language held out at a time' : `${folds}-fold`} (prior retrained without the held-out texts)` +
      `${Object.keys(overrides).length > 0 ? `, overrides ${JSON.stringify(overrides)}` : ''}\n`,
  );
  report('all', targets, alignment);
  for (const [lang, r] of [...byLang].sort()) report(lang, r.targets, r.alignment);
  process.stdout.write(`alignment: gold (rows) by predicted (columns)\n${confusion(alignment, ALIGNMENT)}`);
  const allTargets = Object.values(targets).flat();
  process.stdout.write(
    `stance, all targets: gold (rows) by predicted (columns)\n${confusion(allTargets, STANCE)}`,
  );
}

/** A confusion table of `pairs` over `labels`: one row per gold label, one column per predicted label. */
export function confusion(pairs: readonly Pair[], labels: readonly string[]): string {
  const width = Math.max(...labels.map((l) => l.length)) + 1;
  const cell = (text: string) => text.padStart(width);
  const rows = labels.map(
    (gold) =>
      gold.padEnd(width) +
      labels.map((p) => cell(String(pairs.filter(([g, q]) => g === gold && q === p).length))).join(''),
  );
  return `${' '.repeat(width)}${labels.map(cell).join('')}\n${rows.join('\n')}\n`;
}

if (require.main === module) main();
