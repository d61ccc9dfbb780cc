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
import { readFileSync } from 'node:fs';
import type { Classifier } from '../lambdas/domain/classification';
import { createDefaultClassifier } from '../lambdas/domain/classify/default-classifier';
import { EmbeddedClassifier } from '../lambdas/domain/classify/embedded-classifier';
import { loadDefaultStanceModel } from '../lambdas/domain/classify/stance';
import { loadTopicModelFromFile } from '../lambdas/domain/classify/topics';
import { InputLineError, parseArticleLines, predictionRecord } from '../lambdas/domain/classify/topics/jsonl';

const USAGE = 'usage: classify [--model MODEL_FILE] INPUT.jsonl   (INPUT "-" reads stdin)';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

export function runClassify(argv: readonly string[], io: CliIo = processIo): number {
  let modelPath: string | undefined;
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--model') {
      modelPath = argv[++i];
      if (modelPath === undefined) {
        io.err(`--model needs a file\n${USAGE}\n`);
        return 2;
      }
    } else if (a === '--help' || a === '-h') {
      io.out(`${USAGE}\n`);
      return 0;
    } else if (a.startsWith('--') && a !== '-') {
      io.err(`unknown option ${a}\n${USAGE}\n`);
      return 2;
    } else positional.push(a);
  }
  const input = positional[0];
  if (input === undefined || positional.length > 1) {
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
