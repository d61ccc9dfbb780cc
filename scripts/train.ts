/**
 * Train a topic model for any label set.
 *
 *   npm run --silent train -- TRAIN.jsonl --out MODEL_FILE
 *
 * TRAIN: one `{"id", "lang"?, "title"?, "text", "label"}` per line (`label` may be an
 * array for multi-label data). The model is TF-IDF word n-grams and word affixes with
 * one-vs-rest linear SVMs (see `linear-model.ts`); it is deterministic, so the same
 * data gives the same file. Use it with `npm run classify -- --model MODEL_FILE`.
 * Exit codes: 0 ok, 1 bad training data (with the line number), 2 usage error.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { TrainingDataError, trainLinearTopicModel } from '../lambdas/domain/classify/topics';
import { InputLineError, parseTrainingLines } from '../lambdas/domain/classify/topics/jsonl';
import type { CliIo } from './classify';

const USAGE = 'usage: train TRAIN.jsonl --out MODEL_FILE';

const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

export function runTrain(argv: readonly string[], io: CliIo = processIo): number {
  let out: string | undefined;
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--out' || a === '-o') {
      out = argv[++i];
      if (out === undefined) {
        io.err(`--out needs a file\n${USAGE}\n`);
        return 2;
      }
    } else if (a === '--help' || a === '-h') {
      io.out(`${USAGE}\n`);
      return 0;
    } else if (a.startsWith('-') && a !== '-') {
      io.err(`unknown option ${a}\n${USAGE}\n`);
      return 2;
    } else positional.push(a);
  }
  const input = positional[0];
  if (input === undefined || positional.length > 1 || out === undefined) {
    io.err(`${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(input === '-' ? 0 : input, 'utf8');
  } catch (err) {
    io.err(`cannot read ${input}: ${(err as Error).message}\n`);
    return 2;
  }
  try {
    const examples = parseTrainingLines(text);
    const model = trainLinearTopicModel(examples);
    writeFileSync(out, JSON.stringify(model));
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
