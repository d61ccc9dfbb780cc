/**
 * `npm run bench:classify`: parse + classify throughput of the embedded
 * classifier on one core, on a corpus generated from our own samples.
 * Prints figures; asserts nothing.
 *
 *   npm run bench:classify [-- --count 2000 --samples samples --runs 3 --cold-runs 5]
 *
 * The headline is a one-core figure: articles per second of CPU time of this
 * whole process (user + system, all threads, so GC and JIT helper threads
 * count too), i.e. what one core sustains when it does all the work. Wall
 * time is printed beside it; on a machine with more cores it can be higher,
 * as helper threads run in parallel, and on a busy machine it is lower.
 * Figures vary with other load: the corpus is timed `--runs` times (3) and
 * the median run is reported, with every run's throughput beside it.
 *
 * Init is measured twice: in this process (modules loaded through tsx, which
 * transpiles TypeScript on the way), and as a Lambda cold start does it: the
 * classifier bundled by esbuild as the functions are (minified, models
 * inlined), loaded and created in fresh Node processes (`--cold-runs`, 5).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildSync } from 'esbuild';
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

/**
 * Cold-start init of the bundled classifier: per fresh process, the time to load the bundle (parse the
 * code and the inlined model JSON) and to create the classifier. Returns the bundle's size and the runs'
 * [load, create] in ms.
 */
function coldInit(runs: number): { bytes: number; runs: [number, number][] } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-classify-'));
  try {
    const bundle = join(dir, 'classifier.js');
    buildSync({
      entryPoints: [join(__dirname, '..', 'lambdas', 'domain', 'classify', 'default-classifier.ts')],
      bundle: true,
      minify: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile: bundle,
      logLevel: 'error',
    });
    const probe = [
      "const { performance } = require('node:perf_hooks');",
      'const t0 = performance.now();',
      `const m = require(${JSON.stringify(bundle)});`,
      'const t1 = performance.now();',
      'm.createDefaultClassifier();',
      'const t2 = performance.now();',
      'process.stdout.write(JSON.stringify([t1 - t0, t2 - t1]));',
    ].join('\n');
    return {
      bytes: statSync(bundle).size,
      runs: Array.from({ length: runs }, () =>
        JSON.parse(execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' })),
      ),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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

  // The corpus is timed `runs` times; the figures are those of the median run (by CPU time), so that one
  // invocation gives a usable figure on a machine whose speed varies from minute to minute.
  const runs = Number(argument('runs', '3'));
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number of at least 1');
  const timed = Array.from({ length: runs }, () => {
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
    return { latencies, parseMs, wallMs, cpuMs: cpuMillis(process.cpuUsage(cpuStart)) };
  }).sort((a, b) => a.cpuMs - b.cpuMs);
  const { latencies, parseMs, wallMs, cpuMs } = timed[Math.floor((runs - 1) / 2)] as (typeof timed)[number];
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const perSecond = (ms: number) => Math.round((corpus.length / ms) * 1000);
  const micros = (ms: number) => ((ms / corpus.length) * 1000).toFixed(0);

  const { bytes, runs: cold } = coldInit(Number(argument('cold-runs', '5')));
  const totals = cold.map(([load, create]) => load + create).sort((a, b) => a - b);
  const lines = [
    `classifier: ${classifier.info.name} ${classifier.info.version}`,
    `corpus: ${corpus.length} articles (${distinct} distinct) from ${samples.length} samples, ${Math.round(totalWords / corpus.length)} words/article on average`,
    `init: ${(ready - loaded).toFixed(1)} ms createDefaultClassifier (module load incl. model JSON: ${(loaded - loadStart).toFixed(1)} ms, through tsx)`,
    `cold init (esbuild bundle as deployed: ${(bytes / 1e6).toFixed(2)} MB; fresh process, ${cold.length} runs): median ${percentile(totals, 50).toFixed(1)} ms load + create, min ${(totals[0] ?? Number.NaN).toFixed(1)}, max ${(totals[totals.length - 1] ?? Number.NaN).toFixed(1)} (${cold.map(([l, c]) => `${l.toFixed(0)}+${c.toFixed(0)}`).join(', ')})`,
    `throughput (one core): ${perSecond(cpuMs)} articles/s parse+classify, by CPU time of the whole process (${micros(cpuMs)} µs CPU/article; median of ${runs} runs, all: ${timed.map((t) => perSecond(t.cpuMs)).join(', ')})`,
    `wall clock: ${perSecond(wallMs)} articles/s (${micros(wallMs)} µs/article: parse ${micros(parseMs)}, classify ${micros(wallMs - parseMs)}, incl. timing)`,
    `latency: p50 ${percentile(sorted, 50).toFixed(3)} ms, p95 ${percentile(sorted, 95).toFixed(3)} ms, max ${(sorted[sorted.length - 1] ?? 0).toFixed(3)} ms`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
