/**
 * Whatever lands in the bucket, parseObject answers: entries (articles or typed
 * rejections per line) or a typed rejection of the whole object, never an
 * exception (which would retry the message until the DLQ).
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { parseArticle, parseObject } from '../../../lambdas/domain/parse';
import { brokenObject, brokenResult } from './object-invariants';

const NUM_RUNS = 700;
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

const KEYS = [
  'a.txt',
  'b.json',
  'c.jsonl',
  'd.ndjson',
  'e.html',
  'f.htm',
  'g.md',
  'h.txt.gz',
  'i.json.gz',
  'j',
  'k l+m%.txt',
];
const CONTENT_TYPES = [
  undefined,
  'text/plain',
  'text/plain; charset=windows-1251',
  'text/html; charset=koi8-r',
  'text/html; charset=shift_jis',
  'application/json',
  'application/x-ndjson',
  'application/gzip',
  'text/markdown; charset="iso-8859-15"',
];
const options = fc.record({
  key: fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 20 })),
  contentType: fc.constantFrom(...CONTENT_TYPES),
});

/** Throws (failing the property with the input shrunk) if parsing throws or breaks an invariant. */
function parsesObject(
  bytes: Uint8Array,
  opts: { key?: string; contentType?: string | undefined } = {},
): void {
  const { contentType, ...rest } = opts;
  const broken = brokenObject(
    parseObject(bytes, { ...rest, ...(contentType !== undefined ? { contentType } : {}) }),
  );
  if (broken.length > 0) throw new Error(`broken: ${broken.join('; ')}`);
}

/** Starts that send the input down each format's path. */
const PREFIXES: readonly Uint8Array[] = [
  '{',
  '{"title":"T","text":"',
  '[',
  '<html>',
  '<!doctype html><html lang="ru"><head><meta charset="koi8-r"><script type="application/ld+json">',
  '<?xml version="1.0" encoding="windows-1251"?>',
  '---\n',
  '---\ntitle: "x"\ndate: 2024-02-30\n---\n',
  '# ',
  'Title: T\nDate: ',
  'Заголовок: ',
  ' date 2024-03 ',
  '{\\rtf1',
  '%PDF-',
].map(utf8);
const MAGIC: readonly Uint8Array[] = [
  Uint8Array.from([0x1f, 0x8b]),
  Uint8Array.from([0x1f, 0x8b, 0x08, 0x00]),
  Uint8Array.from([0xef, 0xbb, 0xbf]),
  Uint8Array.from([0xff, 0xfe]),
  Uint8Array.from([0xfe, 0xff]),
  gzipSync(utf8('{"title":"A","text":"B"}\n')).subarray(0, 12),
];

/** Pieces of every format, so the readers and layout are exercised, not only the decoder. */
const FRAGMENTS = [
  '{"title":"Titel","text":"Ein Satz."}',
  '{"headline":',
  '"maintext":"',
  '"date_publish":"2024-03-12T08:00:00+01:00"',
  '"published":1715940000',
  '"date":"31.02.2024"',
  '"publisher":{"name":"X"}',
  '"language":"de-DE"',
  '}',
  '\n',
  '\r\n',
  '\n\n',
  '<p>',
  '</p>',
  '<article>',
  '<h1>',
  '<script>',
  '<!--',
  '-->',
  '<meta property="og:title" content="',
  '<meta property="article:published_time" content="2024-13-01">',
  '<script type="application/ld+json">{"@type":"NewsArticle","headline":"H","articleBody":"B"}</script>',
  '&amp;',
  '&#x0;',
  '---\n',
  'title: ',
  '# ',
  '**',
  '_',
  '[link](http://x)',
  '![img](y)',
  '```',
  'Title: ',
  'Datum: 12.03.2024',
  'Quelle: ',
  'Mehr zum Thema – ',
  '12. März 2024',
  'March 12, 2024',
  '31 февраля 2024',
  'Слово',
  'Wort',
  ' ',
  '\t',
  '\u00a0',
  '\uFEFF',
  '\ud800',
  '\u0000',
];
const assembled = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 10 })), { maxLength: 40 })
  .map((parts) => parts.join(''));

describe('parseObject never throws', () => {
  it('on arbitrary bytes, keys and content types', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), options, (bytes, opts) => parsesObject(bytes, opts)),
      { numRuns: NUM_RUNS * 2 },
    );
  });

  it('on arbitrary strings (any code points, lone surrogates) as UTF-8', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), options, (s, opts) =>
        parsesObject(utf8(s), opts),
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('on arbitrary bytes behind format-looking prefixes and magic numbers', () => {
    const start = fc.oneof(fc.constantFrom(...PREFIXES), fc.constantFrom(...MAGIC));
    const tail = fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 200 }).map(utf8));
    fc.assert(
      fc.property(start, tail, options, (head, rest, opts) => parsesObject(concat(head, rest), opts)),
      { numRuns: NUM_RUNS * 2 },
    );
  });

  it('on strings assembled from JSON, HTML, Markdown and header fragments, plain and gzipped', () => {
    fc.assert(
      fc.property(assembled, options, fc.boolean(), (s, opts, compress) => {
        const bytes = utf8(s);
        parsesObject(compress ? gzipSync(bytes) : bytes, opts);
      }),
      { numRuns: NUM_RUNS * 2 },
    );
  });

  it('on gzip of arbitrary bytes, under small size limits', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400 }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 500 }),
        (bytes, maxBytes, maxDecompressedBytes) => {
          const broken = brokenObject(
            parseObject(gzipSync(bytes), { key: 'x.gz', maxBytes: maxBytes * 4, maxDecompressedBytes }),
          );
          if (broken.length > 0) throw new Error(`broken: ${broken.join('; ')}`);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('parseArticle holds the same invariants on the assembled strings', () => {
    fc.assert(
      fc.property(assembled, (s) => {
        const broken = brokenResult(parseArticle(s));
        if (broken.length > 0) throw new Error(`broken: ${broken.join('; ')}`);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
