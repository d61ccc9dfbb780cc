/**
 * `npm run bench:classify`: parse + classify throughput of the embedded
 * classifier on one core, on a corpus generated from our own samples.
 * Prints figures; asserts nothing.
 *
 *   npm run bench:classify [-- --count 2000 --samples samples]
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArticle } from '../lambdas/domain/parse';
import { buildBenchCorpus, DEFAULT_BENCH_CORPUS, readSamples } from './lib/bench-corpus';

function argument(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

async function main(): Promise<void> {
  const samplesDir = argument('samples', join(__dirname, '..', 'samples'));
  const count = Number(argument('count', String(DEFAULT_BENCH_CORPUS.count)));
  const samples = readSamples(samplesDir);
  const corpus = buildBenchCorpus(samples, { ...DEFAULT_BENCH_CORPUS, count });
  const totalWords = corpus.reduce((n, a) => n + a.split(/\s+/).filter(Boolean).length, 0);

  const loadStart = performance.now();
  const { createDefaultClassifier } = await import('../lambdas/domain/classify/default-classifier');
  const loaded = performance.now();
  const classifier = createDefaultClassifier();
  const ready = performance.now();

  const run = (article: string): void => {
    const parsed = parseArticle(article);
    if (!parsed.ok) throw new Error(`Benchmark article was rejected: ${parsed.rejection.reason}`);
    const { title, lead, body, language } = parsed.article;
    classifier.classify({ title, text: lead !== undefined ? `${lead}\n\n${body}` : body, lang: language });
  };

  // Warm-up: let the JIT compile the hot paths before measuring.
  for (const article of corpus.slice(0, Math.min(300, corpus.length))) run(article);

  const latencies = new Float64Array(corpus.length);
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  for (const [i, article] of corpus.entries()) {
    const t0 = performance.now();
    run(article);
    latencies[i] = performance.now() - t0;
  }
  const wallMs = performance.now() - wallStart;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const sorted = Array.from(latencies).sort((a, b) => a - b);

  const lines = [
    `classifier: ${classifier.info.name} ${classifier.info.version}`,
    `corpus: ${corpus.length} articles from ${samples.length} samples, ${Math.round(totalWords / corpus.length)} words/article on average`,
    `init: ${(ready - loaded).toFixed(1)} ms createDefaultClassifier (module load incl. model JSON: ${(loaded - loadStart).toFixed(1)} ms)`,
    `throughput: ${Math.round((corpus.length / wallMs) * 1000)} articles/s wall, ${Math.round((corpus.length / cpuMs) * 1000)} articles/s CPU (one core, parse+classify)`,
    `latency: p50 ${percentile(sorted, 50).toFixed(3)} ms, p95 ${percentile(sorted, 95).toFixed(3)} ms, max ${(sorted[sorted.length - 1] ?? 0).toFixed(3)} ms`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
