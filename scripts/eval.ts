/**
 * Measures the classifier against the evaluation sets in ../shared/eval
 * (override with EVAL_DIR) and prints every figure of issue 3's quality targets:
 *   - annotated/all-dev.jsonl, overall and per language, scored by score.py;
 *   - voxcheck: share of pro-Kremlin claims labelled pro_kremlin and of debunks labelled pro_western;
 *   - gnad10: train + classify each of the five folds, accuracy per fold, mean, and total seconds.
 * The eval data is read at run time only; nothing from it is stored in the repository.
 *
 *   npm run eval [-- --cli]   (--cli also times the five folds through the train/classify commands)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Classifier } from '../lambdas/domain/classification';
import { createDefaultClassifier } from '../lambdas/domain/classify/default-classifier';
import { EmbeddedClassifier } from '../lambdas/domain/classify/embedded-classifier';
import { loadDefaultStanceModel } from '../lambdas/domain/classify/stance';
import { topicModelFromJson, trainLinearTopicModel } from '../lambdas/domain/classify/topics';
import {
  parseArticleLines,
  parseTrainingLines,
  predictionRecord,
} from '../lambdas/domain/classify/topics/jsonl';

const ROOT = resolve(__dirname, '..');
const EVAL_DIR = resolve(ROOT, process.env.EVAL_DIR ?? '../shared/eval');
const SCORE = join(EVAL_DIR, 'score.py');
const work = mkdtempSync(join(tmpdir(), 'classifier-eval-'));

type Scores = Record<string, Record<string, unknown>>;

const say = (line = '') => process.stdout.write(`${line}\n`);
const f3 = (x: unknown) => (typeof x === 'number' ? x.toFixed(3) : 'n/a');
const mark = (ok: boolean) => (ok ? 'PASS' : 'MISS');

function classifyFile(classifier: Classifier, input: string, output: string): number {
  const records = parseArticleLines(readFileSync(input, 'utf8'));
  const lines = records.map((r) => JSON.stringify(predictionRecord(r.id, classifier.classify(r.input))));
  writeFileSync(output, `${lines.join('\n')}\n`);
  return records.length;
}

function score(predictions: string, gold: string): Scores {
  const r = spawnSync('python3', [SCORE, predictions, gold, '--json'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`score.py failed: ${r.stderr || r.error?.message}`);
  return JSON.parse(r.stdout) as Scores;
}

function annotated(classifier: Classifier): void {
  const gold = join(EVAL_DIR, 'annotated', 'all-dev.jsonl');
  const pred = join(work, 'annotated.jsonl');
  const t0 = performance.now();
  const n = classifyFile(classifier, gold, pred);
  const secs = (performance.now() - t0) / 1000;
  const s = score(pred, gold);
  const metrics = [
    'topic_primary_acc',
    'topic_micro_f1',
    'stance_macro_f1',
    'stance_favg',
    'alignment_macro_f1',
    'alignment_acc',
  ];
  say(`== annotated/all-dev.jsonl (${n} articles, classified in ${secs.toFixed(2)} s)`);
  for (const [part, r] of Object.entries(s)) {
    say(`${part.padEnd(4)} n=${String(r.n).padEnd(4)} ${metrics.map((m) => `${m}=${f3(r[m])}`).join(' ')}`);
  }
  const all = s.all ?? {};
  const targets: [string, number][] = [
    ['topic_primary_acc', 0.8],
    ['stance_macro_f1', 0.7],
    ['alignment_macro_f1', 0.75],
  ];
  for (const [m, min] of targets) {
    const v = all[m] as number | undefined;
    say(`target ${m} >= ${min}: ${f3(v)} ${mark((v ?? 0) >= min)}`);
  }
  for (const [m] of targets) {
    const overall = (all[m] as number | undefined) ?? 0;
    const worst = Object.entries(s)
      .filter(([part]) => part !== 'all')
      .map(([part, r]) => [part, (r[m] as number | undefined) ?? 0] as const)
      .sort((a, b) => a[1] - b[1])[0];
    if (worst) {
      say(
        `target ${m} per language >= overall - 0.10: worst ${worst[0]} ${f3(worst[1])} ${mark(worst[1] >= overall - 0.1)}`,
      );
    }
  }
}

function voxcheck(classifier: Classifier): void {
  const dir = join(EVAL_DIR, 'voxcheck');
  const pred = join(work, 'voxcheck.jsonl');
  const t0 = performance.now();
  const n = classifyFile(classifier, join(dir, 'items.jsonl'), pred);
  const secs = (performance.now() - t0) / 1000;
  const predicted = new Map<string, string | undefined>();
  for (const line of readFileSync(pred, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const p = JSON.parse(line) as { id: string; alignment?: { label?: string } };
    predicted.set(String(p.id), p.alignment?.label);
  }
  const tally = new Map<string, { hit: number; n: number }>();
  const bump = (key: string, hit: boolean) => {
    const t = tally.get(key) ?? { hit: 0, n: 0 };
    t.n++;
    if (hit) t.hit++;
    tally.set(key, t);
  };
  for (const line of readFileSync(join(dir, 'gold.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const g = JSON.parse(line) as { id: string; lang?: string; gold: { alignment?: string } };
    const want = g.gold.alignment;
    if (want !== 'pro_kremlin' && want !== 'pro_western') continue;
    const hit = predicted.get(String(g.id)) === want;
    bump(want, hit);
    bump(`${want} ${g.lang ?? '?'}`, hit);
  }
  say(`== voxcheck (${n} items, classified in ${secs.toFixed(2)} s)`);
  for (const [key, t] of [...tally].sort(([a], [b]) => (a < b ? -1 : 1))) {
    say(`${key.padEnd(16)} ${f3(t.hit / t.n)} (${t.hit}/${t.n})`);
  }
  const k = tally.get('pro_kremlin');
  const w = tally.get('pro_western');
  if (k)
    say(
      `target pro-Kremlin claims labelled pro_kremlin >= 0.80: ${f3(k.hit / k.n)} ${mark(k.hit / k.n >= 0.8)}`,
    );
  if (w) say(`target debunks labelled pro_western >= 0.60: ${f3(w.hit / w.n)} ${mark(w.hit / w.n >= 0.6)}`);
}

function gnad10(): void {
  const dir = join(EVAL_DIR, 'gnad10');
  const accs: number[] = [];
  let seconds = 0;
  const cpu0 = process.cpuUsage();
  const stance = loadDefaultStanceModel();
  for (let k = 1; k <= 5; k++) {
    const t0 = performance.now();
    const data = trainLinearTopicModel(
      parseTrainingLines(readFileSync(join(dir, `fold${k}-train.jsonl`), 'utf8')),
    );
    const modelFile = join(work, `gnad-fold${k}.json`);
    const text = JSON.stringify(data);
    writeFileSync(modelFile, text);
    const classifier = new EmbeddedClassifier(topicModelFromJson(JSON.parse(text), text), stance);
    const pred = join(work, `gnad-fold${k}-pred.jsonl`);
    classifyFile(classifier, join(dir, `fold${k}-test.jsonl`), pred);
    const secs = (performance.now() - t0) / 1000;
    seconds += secs;
    const acc = score(pred, join(dir, `fold${k}-gold.jsonl`)).all?.topic_primary_acc as number;
    accs.push(acc);
    say(`fold${k} accuracy=${f3(acc)} train+classify ${secs.toFixed(2)} s`);
  }
  const mean = accs.reduce((a, b) => a + b, 0) / accs.length;
  const cpu = process.cpuUsage(cpu0);
  const cpuSecs = (cpu.user + cpu.system) / 1e6;
  say(
    `gnad10 mean accuracy=${f3(mean)} total train+classify ${seconds.toFixed(2)} s wall, ${cpuSecs.toFixed(2)} s CPU (in process, incl. scoring)`,
  );
  say(`target mean accuracy >= 0.80 and >= LinearSVC baseline 0.797: ${mark(mean >= 0.8)}`);
  say(`target five folds <= 10 s: ${mark(seconds <= 10)}`);
}

/** The same five folds through the real commands, one process per step. */
function gnad10Cli(): void {
  const dir = join(EVAL_DIR, 'gnad10');
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  const t0 = performance.now();
  const accs: number[] = [];
  for (let k = 1; k <= 5; k++) {
    const model = join(work, `cli-fold${k}.json`);
    const train = spawnSync(
      tsx,
      [join(ROOT, 'scripts', 'train.ts'), join(dir, `fold${k}-train.jsonl`), '--out', model],
      {
        encoding: 'utf8',
      },
    );
    if (train.status !== 0) throw new Error(`train failed: ${train.stderr}`);
    const cls = spawnSync(
      tsx,
      [join(ROOT, 'scripts', 'classify.ts'), '--model', model, join(dir, `fold${k}-test.jsonl`)],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      },
    );
    if (cls.status !== 0) throw new Error(`classify failed: ${cls.stderr}`);
    const pred = join(work, `cli-fold${k}-pred.jsonl`);
    writeFileSync(pred, cls.stdout);
    accs.push(score(pred, join(dir, `fold${k}-gold.jsonl`)).all?.topic_primary_acc as number);
  }
  const secs = (performance.now() - t0) / 1000;
  const mean = accs.reduce((a, b) => a + b, 0) / accs.length;
  say(
    `gnad10 via train/classify commands: mean accuracy=${f3(mean)} total ${secs.toFixed(2)} s (10 processes)`,
  );
}

function main(): void {
  if (!existsSync(SCORE)) {
    say(
      `No evaluation data at ${EVAL_DIR} (set EVAL_DIR to the folder holding score.py); nothing to measure.`,
    );
    return;
  }
  try {
    const t0 = performance.now();
    const classifier = createDefaultClassifier();
    say(
      `classifier ${classifier.info.name} ${classifier.info.version} (init ${(performance.now() - t0).toFixed(0)} ms)`,
    );
    annotated(classifier);
    say();
    voxcheck(classifier);
    say();
    say('== gnad10 (5 folds: train on foldK-train, classify foldK-test)');
    gnad10();
    if (process.argv.includes('--cli')) gnad10Cli();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
