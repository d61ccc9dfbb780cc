/**
 * `npm run bench:classify`: parse + classify throughput of the embedded
 * classifier on one core, on a corpus generated from our own samples.
 * Prints figures; asserts nothing.
 *
 *   npm run bench:classify [-- --count 2000 --samples samples]
 *
 * The headline is a one-core figure: articles per second of CPU time of this
 * whole process (user + system, all threads, so GC and JIT helper threads
 * count too), i.e. what one core sustains when it does all the work. Wall
 * time is printed beside it; on a machine with more cores it can be higher,
 * as helper threads run in parallel, and on a busy machine it is lower.
 * Figures vary with other load: run it a few times and take the median.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { classifierInput } from '../lambdas/domain/article';
import { parseArticle } from '../lambdas/domain/parse';
import { buildBenchCorpus, DEFAULT_BENCH_CORPUS, readSamples } from './lib/bench-corpus';

function argument(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

const cpuMillis = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;

async function main(): Promise<void> {
  const samplesDir = argument('samples', join(__dirname, '..', 'samples'));
  const count = Number(argument('count', String(DEFAULT_BENCH_CORPUS.count)));
  const samples = readSamples(samplesDir);
  const corpus = buildBenchCorpus(samples, { ...DEFAULT_BENCH_CORPUS, count });
  const totalWords = corpus.reduce((n, a) => n + a.split(/\s+/).filter(Boolean).length, 0);
  const distinct = new Set(corpus).size;

  const loadStart = performance.now();
  const { createDefaultClassifier } = await import('../lambdas/domain/classify/default-classifier');
  const loaded = performance.now();
  const classifier = createDefaultClassifier();
  const ready = performance.now();

  const parse = (article: string) => {
    const parsed = parseArticle(article);
    if (!parsed.ok) throw new Error(`Benchmark article was rejected: ${parsed.rejection.reason}`);
    return parsed.article;
  };
  // Exactly what ingest asks of the classifier.
  const classify = (article: ReturnType<typeof parse>): void => {
    classifier.classify(classifierInput(article));
  };

  // Warm-up: let the JIT compile the hot paths before measuring.
  for (const article of corpus.slice(0, Math.min(300, corpus.length))) classify(parse(article));

  const latencies = new Float64Array(corpus.length);
  let parseMs = 0;
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  for (const [i, article] of corpus.entries()) {
    const t0 = performance.now();
    const parsed = parse(article);
    const t1 = performance.now();
    classify(parsed);
    const t2 = performance.now();
    parseMs += t1 - t0;
    latencies[i] = t2 - t0;
  }
  const wallMs = performance.now() - wallStart;
  const cpuMs = cpuMillis(process.cpuUsage(cpuStart));
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const perSecond = (ms: number) => Math.round((corpus.length / ms) * 1000);
  const micros = (ms: number) => ((ms / corpus.length) * 1000).toFixed(0);

  const lines = [
    `classifier: ${classifier.info.name} ${classifier.info.version}`,
    `corpus: ${corpus.length} articles (${distinct} distinct) from ${samples.length} samples, ${Math.round(totalWords / corpus.length)} words/article on average`,
    `init: ${(ready - loaded).toFixed(1)} ms createDefaultClassifier (module load incl. model JSON: ${(loaded - loadStart).toFixed(1)} ms)`,
    `throughput (one core): ${perSecond(cpuMs)} articles/s parse+classify, by CPU time of the whole process (${micros(cpuMs)} µs CPU/article)`,
    `wall clock: ${perSecond(wallMs)} articles/s (${micros(wallMs)} µs/article: parse ${micros(parseMs)}, classify ${micros(wallMs - parseMs)}, incl. timing)`,
    `latency: p50 ${percentile(sorted, 50).toFixed(3)} ms, p95 ${percentile(sorted, 95).toFixed(3)} ms, max ${(sorted[sorted.length - 1] ?? 0).toFixed(3)} ms`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
