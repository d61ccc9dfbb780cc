/**
 * Classify articles from a JSON Lines file.
 *
 *   npm run --silent classify -- [--model MODEL_FILE] INPUT.jsonl > predictions.jsonl
 *
 * INPUT: one `{"id", "lang"?, "title"?, "text"}` per line (`-` reads stdin).
 * Output: one JSON line per input line, in input order (see `predictionRecord`).
 * Topics come from MODEL_FILE (trained by `npm run train`) or the bundled IPTC
 * model; stance and alignment always come from the bundled stance model.
 * A malformed line prints `INPUT:LINE: reason` to stderr and exits 1 before
 * anything is printed; a usage error exits 2.
 */
import type { Classifier } from '../lambdas/domain/classification';
import { createDefaultClassifier } from '../lambdas/domain/classify/default-classifier';
import { EmbeddedClassifier } from '../lambdas/domain/classify/embedded-classifier';
import { loadDefaultStanceModel } from '../lambdas/domain/classify/stance';
import { loadTopicModelFromFile } from '../lambdas/domain/classify/topics';
import { InputLineError, parseArticleLines, predictionRecord } from '../lambdas/domain/classify/topics/jsonl';
import { type CliIo, processIo, readCliInput } from './lib/cli';

const USAGE = 'usage: classify [--model MODEL_FILE] INPUT.jsonl   (INPUT "-" reads stdin)';

export function runClassify(argv: readonly string[], io: CliIo = processIo): number {
  const args = readCliInput(argv, io, USAGE, { '--model': 'model' });
  if (typeof args === 'number') return args;
  const { input, text } = args;
  const modelPath = args.options.model;
  let records: ReturnType<typeof parseArticleLines>;
  try {
    records = parseArticleLines(text);
  } catch (err) {
    if (err instanceof InputLineError) {
      io.err(`${input}:${err.line}: ${err.reason}\n`);
      return 1;
    }
    throw err;
  }
  let classifier: Classifier;
  try {
    classifier =
      modelPath === undefined
        ? createDefaultClassifier()
        : new EmbeddedClassifier(loadTopicModelFromFile(modelPath), loadDefaultStanceModel());
  } catch (err) {
    io.err(`${(err as Error).message}\n`);
    return 2;
  }
  const lines = records.map((r) => JSON.stringify(predictionRecord(r.id, classifier.classify(r.input))));
  io.out(lines.length > 0 ? `${lines.join('\n')}\n` : '');
  return 0;
}

if (require.main === module) process.exitCode = runClassify(process.argv.slice(2));
