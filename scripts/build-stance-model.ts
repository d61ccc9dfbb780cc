/**
 * Rebuilds the stance model's trained prior from our own hand-written corpus:
 *   training/stance/{corpus,articles,longform}-<lang>.jsonl -> models/stance/prior.json
 * (`corpus-*`: short claims, leads and headlines; `articles-*` and `longform-*`: full articles with a title).
 *
 * Usage: tsx scripts/build-stance-model.ts [--check | --cv]
 *   --check  fails if the committed model is stale
 *   --cv     prints 5-fold cross-validated accuracy of the prior on the corpus (nothing is written)
 *
 * Deterministic: the corpus files are read in name order, lines in file order, and training is seeded.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_STANCE_CONFIG } from '../lambdas/domain/classify/stance';
import { priorTrainingExamples } from '../lambdas/domain/classify/stance/mention-tokens';
import { contentHash } from '../lambdas/domain/classify/stance/stance-model';
import {
  ALIGNMENT_GROUP,
  createStancePrior,
  type StanceTrainingExample,
  trainStancePrior,
} from '../lambdas/domain/classify/stance/stance-prior';

const ROOT = join(__dirname, '..');
const SOURCE_DIR = join(ROOT, 'training', 'stance');
const OUT = join(ROOT, 'models', 'stance', 'prior.json');

export function readStanceCorpus(dir: string = SOURCE_DIR): StanceTrainingExample[] {
  const examples: StanceTrainingExample[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!/^(corpus|articles|longform)-[a-z]{2,3}\.jsonl$/.test(file)) continue;
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      const e = JSON.parse(line) as StanceTrainingExample;
      if (typeof e.text !== 'string' || typeof e.alignment !== 'string' || typeof e.stance !== 'object') {
        throw new Error(`${file}:${i + 1}: needs "text", "alignment" and "stance"`);
      }
      examples.push(e);
    });
  }
  return examples;
}

export function buildStancePrior(examples: readonly StanceTrainingExample[] = readStanceCorpus()): string {
  return `${JSON.stringify(trainStancePrior(priorTrainingExamples(examples, DEFAULT_STANCE_CONFIG), contentHash))}\n`;
}

/** Cross-validated accuracy per group (alignment, each target), folds by position. */
function crossValidate(examples: readonly StanceTrainingExample[], folds = 5): void {
  const groups = [ALIGNMENT_GROUP, ...Object.keys(examples[0]?.stance ?? {})];
  const right = new Map<string, number>(groups.map((g) => [g, 0]));
  for (let k = 0; k < folds; k++) {
    const train = examples.filter((_, i) => i % folds !== k);
    const test = examples.filter((_, i) => i % folds === k);
    const prior = createStancePrior(trainStancePrior(train, contentHash));
    for (const e of test) {
      const margins = prior.margins(e);
      for (const g of groups) {
        const gold = g === ALIGNMENT_GROUP ? e.alignment : e.stance[g];
        const best = [...(margins.get(g) ?? new Map<string, number>()).entries()].sort(
          (a, b) => b[1] - a[1],
        )[0]?.[0];
        if (best === gold) right.set(g, (right.get(g) ?? 0) + 1);
      }
    }
  }
  for (const g of groups) {
    process.stdout.write(`${g}: ${((right.get(g) ?? 0) / examples.length).toFixed(3)}\n`);
  }
}

function main(): void {
  const examples = readStanceCorpus();
  if (process.argv.includes('--cv')) {
    crossValidate(priorTrainingExamples(examples, DEFAULT_STANCE_CONFIG));
    return;
  }
  const json = buildStancePrior(examples);
  if (process.argv.includes('--check')) {
    if (readFileSync(OUT, 'utf8') !== json) {
      process.stderr.write(`${OUT} is stale: run npm run build:model\n`);
      process.exit(1);
    }
    process.stdout.write('stance prior is up to date\n');
    return;
  }
  writeFileSync(OUT, json);
  process.stdout.write(`wrote ${OUT} (${examples.length} examples, ${json.length} bytes)\n`);
}

if (require.main === module) main();
