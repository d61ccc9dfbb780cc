/**
 * Long fuzz run of the parser boundary: many more random inputs than `npm test`
 * runs, through parseObject and parseArticle, checking the same invariants.
 *
 *   npx tsx scripts/fuzz-parse.ts [runs=1000000] [seed]
 *
 * Prints, per property, the runs, failures (with the shrunk counterexample)
 * and throughput; exits 1 when any property fails.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { parseArticle, parseObject } from '../lambdas/domain/parse';
import { brokenObject, brokenResult } from '../test/unit/parse/object-invariants';

const totalRuns = Number(process.argv[2] ?? 1_000_000);
const seed = process.argv[3] !== undefined ? Number(process.argv[3]) : Date.now() % 2 ** 31;

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

function assertObject(bytes: Uint8Array, key: string, contentType?: string): void {
  const broken = brokenObject(
    parseObject(bytes, { key, ...(contentType !== undefined ? { contentType } : {}) }),
  );
  if (broken.length > 0) throw new Error(broken.join('; '));
}

const KEYS = ['a.txt', 'b.json', 'c.jsonl', 'e.html', 'g.md', 'h.txt.gz', 'noext'];
const TYPES = [
  undefined,
  'text/html; charset=koi8-r',
  'text/plain; charset=windows-1251',
  'application/x-ndjson',
];
const key = fc.constantFrom(...KEYS);
const contentType = fc.constantFrom(...TYPES);
const PREFIXES = [
  '{',
  '{"title":"T","text":"',
  '[',
  '<html><body><article><p>',
  '<!doctype html><meta charset="koi8-r"><script type="application/ld+json">{"@type":"NewsArticle",',
  '---\ntitle: x\n---\n',
  '# ',
  'Title: T\nDate: ',
  ' date 2024-03 ',
].map(utf8);
const FRAGMENTS = [
  '{"title":"T","text":"S."}',
  '"text":"',
  '"date":"2024-03-12T08:00:00+01:00"',
  '"published":1715940000',
  '}',
  '\n',
  '\r\n',
  '<p>',
  '</p>',
  '<h1>',
  '<!--',
  '&amp;',
  '---\n',
  'title: ',
  '# ',
  '**',
  '[a](b)',
  'Titel: ',
  'Datum: 31.12.2024',
  'Quelle: ',
  'Mehr zum Thema – ',
  '12. März 2024',
  'March 12, 2024',
  '12 марта 2024',
  'Слово',
  ' ',
  '\u0000',
  '\ud800',
];

type Check = (numRuns: number) => fc.RunDetails<unknown>;
const check =
  <Ts extends [unknown, ...unknown[]]>(property: fc.IPropertyWithHooks<Ts>): Check =>
  (numRuns) =>
    fc.check(property, { numRuns, seed, endOnFailure: true }) as fc.RunDetails<unknown>;

const properties: readonly { name: string; share: number; run: Check }[] = [
  {
    name: 'parseObject: arbitrary bytes',
    share: 0.3,
    run: check(
      fc.property(fc.uint8Array({ maxLength: 1000 }), key, contentType, (b, k, t) => assertObject(b, k, t)),
    ),
  },
  {
    name: 'parseObject: arbitrary strings as UTF-8',
    share: 0.15,
    run: check(
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }), key, (s, k) => assertObject(utf8(s), k)),
    ),
  },
  {
    name: 'parseObject: format prefixes + arbitrary tail',
    share: 0.2,
    run: check(
      fc.property(
        fc.constantFrom(...PREFIXES),
        fc.oneof(fc.uint8Array({ maxLength: 400 }), fc.string({ maxLength: 300 }).map(utf8)),
        key,
        contentType,
        (p, tail, k, t) => assertObject(concat(p, tail), k, t),
      ),
    ),
  },
  {
    name: 'parseObject: assembled fragments, plain or gzipped',
    share: 0.2,
    run: check(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 10 })), { maxLength: 50 }),
        key,
        fc.boolean(),
        (parts, k, gz) => {
          const bytes = utf8(parts.join(''));
          assertObject(gz ? gzipSync(bytes) : bytes, k);
        },
      ),
    ),
  },
  {
    name: 'parseArticle: arbitrary strings',
    share: 0.15,
    run: check(
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }), (s) => {
        const broken = brokenResult(parseArticle(s));
        if (broken.length > 0) throw new Error(broken.join('; '));
      }),
    ),
  },
];

let failures = 0;
let done = 0;
const started = process.hrtime.bigint();
process.stdout.write(`fuzzing the parser: ${totalRuns} runs, seed ${seed}\n`);
for (const { name, share, run } of properties) {
  const numRuns = Math.max(1, Math.round(totalRuns * share));
  const t0 = process.hrtime.bigint();
  const details = run(numRuns);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  done += details.numRuns;
  const status = details.failed ? 'FAILED' : 'ok';
  process.stdout.write(
    `${status.padEnd(6)} ${name}: ${details.numRuns} runs in ${seconds.toFixed(1)} s (${Math.round(details.numRuns / seconds)}/s)\n`,
  );
  if (details.failed) {
    failures++;
    process.stdout.write(
      `       counterexample: ${fc.stringify(details.counterexample)}\n       error: ${String(details.errorInstance)}\n`,
    );
  }
}
const total = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(`runs: ${done}, failed properties: ${failures}, time: ${total.toFixed(1)} s\n`);
process.exitCode = failures > 0 ? 1 : 0;
