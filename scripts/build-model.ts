/**
 * Rebuilds the default topic model from its sources:
 *   training/topics/scoring.json + training/topics/lexicon-<lang>.json -> models/topics/iptc-topics.json
 * Usage: npm run build:model [-- --check]   (--check fails if the committed model is stale)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  compileLexiconModel,
  type LexiconSource,
  type ScoringSource,
} from '../lambdas/domain/classify/topics/lexicon-source';

const ROOT = join(__dirname, '..');
const SOURCE_DIR = join(ROOT, 'training', 'topics');
const OUT = join(ROOT, 'models', 'topics', 'iptc-topics.json');

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

export function buildDefaultTopicModel(): string {
  const scoring = readJson<ScoringSource>(join(SOURCE_DIR, 'scoring.json'));
  const lexicons: Record<string, LexiconSource> = {};
  for (const file of readdirSync(SOURCE_DIR).sort()) {
    const m = /^lexicon-([a-z]{2,3})\.json$/.exec(file);
    if (m?.[1]) lexicons[m[1]] = readJson<LexiconSource>(join(SOURCE_DIR, file));
  }
  return `${JSON.stringify(compileLexiconModel(scoring, lexicons))}\n`;
}

function main(): void {
  const json = buildDefaultTopicModel();
  if (process.argv.includes('--check')) {
    const current = readFileSync(OUT, 'utf8');
    if (current !== json) {
      process.stderr.write(`${OUT} is stale: run npm run build:model\n`);
      process.exit(1);
    }
    process.stdout.write('topic model is up to date\n');
    return;
  }
  writeFileSync(OUT, json);
  process.stdout.write(`wrote ${OUT} (${json.length} bytes)\n`);
}

if (require.main === module) main();
