/**
 * Train a topic model for any label set.
 *
 *   npm run --silent train -- TRAIN.jsonl --out MODEL_FILE
 *
 * TRAIN: one `{"id", "lang"?, "title"?, "text", "label"}` per line (`label` may be an
 * array for multi-label data). The model is TF-IDF word n-grams and word affixes with
 * one-vs-rest linear SVMs (see `linear-model.ts`); it is deterministic, so the same
 * data gives the same file. The file is JSON with the number arrays packed as base64
 * (`linear-tfidf-svm/3`, see `packed-numbers.ts`), which loads several times faster than
 * plain arrays; files of the older formats (`linear-tfidf-svm/2`, `/1`) still load.
 * Use it with `npm run classify -- --model MODEL_FILE`.
 * Exit codes: 0 ok, 1 bad training data (with the line number), 2 usage error.
 */
import { writeFileSync } from 'node:fs';
import {
  packLinearTopicModel,
  TrainingDataError,
  trainLinearTopicModel,
} from '../lambdas/domain/classify/topics';
import { InputLineError, parseTrainingLines } from '../lambdas/domain/classify/topics/jsonl';
import { type CliIo, processIo, readCliInput } from './lib/cli';

const USAGE = 'usage: train TRAIN.jsonl --out MODEL_FILE';

export function runTrain(argv: readonly string[], io: CliIo = processIo): number {
  const args = readCliInput(argv, io, USAGE, { '--out': 'out', '-o': 'out' }, ['out']);
  if (typeof args === 'number') return args;
  const { input, text } = args;
  const out = args.options.out as string;
  try {
    const examples = parseTrainingLines(text);
    const model = trainLinearTopicModel(examples);
    writeFileSync(out, JSON.stringify(packLinearTopicModel(model)));
    io.err(`trained on ${examples.length} examples, ${model.labels.length} labels, wrote ${out}\n`);
    return 0;
  } catch (err) {
    if (err instanceof InputLineError) {
      io.err(`${input}:${err.line}: ${err.reason}\n`);
      return 1;
    }
    if (err instanceof TrainingDataError) {
      io.err(`${input}: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

if (require.main === module) process.exitCode = runTrain(process.argv.slice(2));
