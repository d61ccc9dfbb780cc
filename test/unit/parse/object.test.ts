/**
 * parseObject: what analysts see for each kind of upload. Formats are found by
 * content first and the key second; bulk lines fail one by one; encodings and
 * dates come out right or not at all.
 */
import { gzipSync } from 'node:zlib';
import type {
  ObjectParseResult,
  ParsedArticle,
  ParseResult,
  Rejection,
} from '../../../lambdas/domain/article';
import { findWrittenDate, parseDateValue, parseObject } from '../../../lambdas/domain/parse';
import { encodeSingleByte, utf8 } from './legacy-encode';

function only(result: ObjectParseResult): ParseResult {
  if (!result.ok) throw new Error(`object rejected: ${result.rejection.code} ${result.rejection.reason}`);
  expect(result.entries).toHaveLength(1);
  return (result.entries[0] as { result: ParseResult }).result;
}

function article(result: ObjectParseResult): ParsedArticle {
  const r = only(result);
  if (!r.ok) throw new Error(`rejected: ${r.rejection.code} ${r.rejection.reason}`);
  return r.article;
}

/** The rejection, whether of the whole object or of its single entry. */
function rejection(result: ObjectParseResult): Rejection {
  if (!result.ok) return result.rejection;
  const r = only(result);
  if (r.ok) throw new Error(`expected a rejection, got "${r.article.title}" (${r.article.format})`);
  return r.rejection;
}

const TEXT = 'Ein Titel\n\nDer erste Absatz des Artikels.\n\nDer zweite Absatz des Artikels.';
const JSON_ARTICLE = JSON.stringify({ title: 'Ein Titel', text: 'Der Text des Artikels.' });

// KOI8-R is not in legacy-encode.ts: build it from Node's decoder table.
function koi8r(text: string): Uint8Array {
  const decoder = new TextDecoder('koi8-r');
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) table.set(decoder.decode(new Uint8Array([b])), b);
  return Uint8Array.from([...text], (ch) => table.get(ch) ?? 0x3f);
}

describe('format detection: content first, key second', () => {
  it.each([
    ['JSON in a .txt file', JSON_ARTICLE, 'a.txt', 'json'],
    ['HTML in a .txt file', '<html><body><p>Ein Satz im Text.</p></body></html>', 'a.txt', 'html'],
    ['a Markdown heading in a file without extension', '# Titel\n\nText mit **Betonung**.', 'a', 'markdown'],
    ['plain text in a .html file', TEXT, 'a.html', 'plain'],
    ['plain text in a .md file', TEXT, 'a.md', 'markdown'],
  ])('reads %s by its content', (_what, content, key, format) => {
    expect(article(parseObject(utf8(content), { key })).format).toBe(format);
  });

  it('refuses a .json file whose content is not JSON as MALFORMED', () => {
    const r = rejection(parseObject(utf8(TEXT), { key: 'a.json' }));
    expect(r.code).toBe('MALFORMED');
    expect(r.reason).toContain('not valid JSON');
  });

  it('says where malformed JSON breaks: line and column', () => {
    const r = rejection(parseObject(utf8('{\n  "title": "x",\n  "text": oops\n}'), { key: 'a.json' }));
    expect(r.code).toBe('MALFORMED');
    expect(r.reason).toContain('line 3, column 11: unexpected "o"');
  });

  it('treats several JSON objects on separate lines as JSON Lines even without the extension', () => {
    const result = parseObject(utf8(`${JSON_ARTICLE}\n${JSON_ARTICLE}\n`), { key: 'export.txt' });
    expect(result.ok && result.format).toBe('jsonl');
  });

  it('uses the Content-Type as a hint for JSON Lines', () => {
    const result = parseObject(utf8(`${JSON_ARTICLE}\n`), {
      key: 'export',
      contentType: 'application/x-ndjson',
    });
    expect(result.ok && result.format).toBe('jsonl');
  });

  it('refuses RTF, XML feeds and JSON arrays as UNSUPPORTED with advice', () => {
    expect(rejection(parseObject(utf8('{\\rtf1\\ansi Hallo}'), { key: 'a.rtf' })).reason).toContain(
      'plain text',
    );
    expect(rejection(parseObject(utf8('<?xml version="1.0"?><rss></rss>'))).code).toBe('UNSUPPORTED');
    const r = rejection(parseObject(utf8('[{"title":"a","text":"b"}]'), { key: 'a.json' }));
    expect(r.code).toBe('UNSUPPORTED');
    expect(r.reason).toContain('.jsonl');
  });
});

describe('JSON Lines', () => {
  const good = (n: number) => JSON.stringify({ title: `Artikel ${n}`, text: `Text von Artikel ${n}.` });

  it('gives each non-blank line its own entry with its 1-based line number', () => {
    const result = parseObject(utf8(`${good(1)}\n\n${good(2)}\r\n   \n${good(3)}`), { key: 'b.jsonl' });
    if (!result.ok) throw new Error(result.rejection.reason);
    expect(result.entries.map((e) => e.line)).toEqual([1, 3, 5]);
    expect(result.entries.map((e) => e.result.ok && e.result.article.title)).toEqual([
      'Artikel 1',
      'Artikel 2',
      'Artikel 3',
    ]);
  });

  it('fails a bad line on its own, naming the line, and keeps its neighbours', () => {
    const result = parseObject(
      utf8(`${good(1)}\n{"title": \n${good(3)}\n{"title":"kein Text"}\n"ein String"`),
      {
        key: 'b.jsonl',
      },
    );
    if (!result.ok) throw new Error(result.rejection.reason);
    const outcomes = result.entries.map((e) => (e.result.ok ? 'ok' : e.result.rejection.code));
    expect(outcomes).toEqual(['ok', 'MALFORMED', 'ok', 'NO_BODY', 'MALFORMED']);
    const bad = result.entries[1]?.result;
    expect(bad?.ok === false && bad.rejection.reason).toContain('Line 2 of the file "b.jsonl"');
    const noText = result.entries[3]?.result;
    expect(noText?.ok === false && noText.rejection.reason).toContain(
      'Put the article text in a "text" field',
    );
  });
});

describe('gzip', () => {
  it('decompresses and detects the inner format from the content and the key without .gz', () => {
    const result = parseObject(gzipSync(utf8(`${JSON_ARTICLE}\n`)), { key: 'dump.jsonl.gz' });
    expect(result.ok && result.format).toBe('jsonl');
    expect(article(parseObject(gzipSync(utf8(TEXT)), { key: 'a.txt.gz' })).title).toBe('Ein Titel');
  });

  it('refuses a gzip bomb as TOO_LARGE without inflating it completely', () => {
    const bomb = gzipSync(new Uint8Array(2 * 1024 * 1024).fill(0x20));
    const r = rejection(parseObject(bomb, { key: 'bomb.gz', maxDecompressedBytes: 1024 * 1024 }));
    expect(r.code).toBe('TOO_LARGE');
    expect(r.reason).toContain('inflates to more than 1 MiB');
  });

  it('applies maxBytes to the stored size and maxDecompressedBytes to the inflated size', () => {
    const text = `Titel\n\n${'Wort '.repeat(2000)}`;
    expect(parseObject(gzipSync(utf8(text)), { maxBytes: 1000, maxDecompressedBytes: 20000 }).ok).toBe(true);
    expect(rejection(parseObject(utf8(text), { maxBytes: 1000 })).code).toBe('TOO_LARGE');
  });

  it('refuses a corrupt, a doubly compressed and an empty gzip with a reason', () => {
    const gz = gzipSync(utf8(TEXT.repeat(50)));
    expect(rejection(parseObject(gz.subarray(0, gz.length / 2))).code).toBe('UNDECODABLE');
    expect(rejection(parseObject(gzipSync(gz))).reason).toContain('compressed twice');
    expect(rejection(parseObject(gzipSync(new Uint8Array(0)))).code).toBe('EMPTY');
  });
});

describe('encodings', () => {
  const RUSSIAN = 'Снег в Москве\n\nВ четверг в столице пройдёт снег, синоптики обещают метель и гололёд.';

  it('tells KOI8-R from windows-1251 by how Russian the decoding reads', () => {
    expect(article(parseObject(koi8r(RUSSIAN))).title).toBe('Снег в Москве');
    expect(article(parseObject(encodeSingleByte(RUSSIAN, 'windows-1251'))).title).toBe('Снег в Москве');
  });

  it('reads € at byte 0xA4 as ISO-8859-15, and keeps windows-1252 when there is no € byte', () => {
    const euro = Uint8Array.from([
      ...utf8('Preis: 5 '),
      0xa4,
      ...utf8('\n\nDer Preis steigt um 5 '),
      0xa4,
      0x2e,
    ]);
    expect(article(parseObject(euro))).toMatchObject({
      title: 'Preis: 5 €',
      body: 'Der Preis steigt um 5 €.',
    });
    const accent = Uint8Array.from([
      ...utf8('Preise\n\nDer Preis geht'),
      0xb4,
      ...utf8('s hoch, um '),
      0xbd,
      0x20,
      0x25,
    ]);
    expect(article(parseObject(accent)).body).toBe('Der Preis geht´s hoch, um ½ %');
  });

  it('uses a charset declared in the Content-Type, a <meta> tag or an XML declaration', () => {
    const latin = 'Übersicht\n\nÄrger über Straßen.';
    const bytes = encodeSingleByte(latin, 'windows-1252');
    // Bytes that are Latin-1 letters; the declaration says they are Cyrillic.
    expect(article(parseObject(bytes, { contentType: 'text/plain; charset=windows-1251' })).title).toBe(
      'Ьbersicht',
    );
    const page = (declaration: string) =>
      Uint8Array.from([
        ...utf8(`${declaration}<html><body><p>`),
        ...koi8r(RUSSIAN),
        ...utf8('</p></body></html>'),
      ]);
    // Without a declaration the same bytes would score as KOI8-R anyway; the declared windows-1251 must win.
    expect(article(parseObject(page('<meta charset="windows-1251">'))).title).not.toBe('Снег в Москве');
    expect(article(parseObject(page('<meta charset="koi8-r">'))).body).toContain('синоптики обещают метель');
    expect(article(parseObject(page('<?xml version="1.0" encoding="KOI8-R"?>'))).body).toContain('метель');
  });

  it('prefers valid UTF-8 over a declared legacy charset (a re-saved page)', () => {
    const html = `<html><head><meta charset="windows-1251"></head><body><p>${RUSSIAN}</p></body></html>`;
    expect(article(parseObject(utf8(html))).body).toContain('синоптики');
  });
});

describe('dates', () => {
  it.each([
    ['2024-03-12T08:30:00+01:00', '2024-03-12T07:30:00Z', 'second'],
    ['2024-03-12T08:30:00.123Z', '2024-03-12T08:30:00Z', 'second'],
    ['2024-03-12 08:30:00', '2024-03-12', 'day'],
    ['2024-03-12', '2024-03-12', 'day'],
    ['2024-03', '2024-03', 'month'],
    ['12.03.2024', '2024-03-12', 'day'],
    ['Tue, 12 Mar 2024 08:30:00 GMT', '2024-03-12T08:30:00Z', 'second'],
    ['12. März 2024', '2024-03-12', 'day'],
    [1710232200, '2024-03-12T08:30:00Z', 'second'],
    [1710232200000, '2024-03-12T08:30:00Z', 'second'],
  ])('reads the metadata date %p', (value, date, datePrecision) => {
    expect(parseDateValue(value)).toEqual({ date, datePrecision });
  });

  it.each(['2024-02-30', '2024-13', '31.02.2024', 'gestern', '', 'März', 0, -5, '2024-03-12T25:00:00Z'])(
    'makes up no date from %p',
    (value) => {
      expect(parseDateValue(value)).toBeUndefined();
    },
  );

  it.each([
    ['Berlin, 12. März 2024 – Es schneit.', '2024-03-12'],
    ['LONDON, March 5, 2024 - It rained.', '2024-03-05'],
    ['Published 1st June 2023 by staff', '2023-06-01'],
    ['Москва, 7 ноября 2023 года. Снег.', '2023-11-07'],
    ['Am 3.Okt. 2022 wurde gefeiert.', '2022-10-03'],
  ])('finds the written date in %p', (text, date) => {
    expect(findWrittenDate(text)).toEqual({ date, datePrecision: 'day' });
  });

  it('ignores impossible written dates and dates beyond the first 500 characters', () => {
    expect(findWrittenDate('Am 31. Februar 2024 geschah nichts.')).toBeUndefined();
    expect(findWrittenDate(`${'x '.repeat(260)} 12. März 2024`)).toBeUndefined();
  });

  it('prefers metadata to a written date, and a plain text without dates gets none', () => {
    const json = JSON.stringify({ title: 'T', text: 'Am 12. März 2024 war es kalt.', date: '2024-03-14' });
    expect(article(parseObject(utf8(json))).date).toBe('2024-03-14');
    const plain = article(parseObject(utf8(TEXT)));
    expect(plain.date).toBeUndefined();
    expect(plain.datePrecision).toBeUndefined();
  });
});

describe('header block, Markdown and HTML', () => {
  it('reads a header block, but a plain article that starts with a credit line stays plain', () => {
    const header = article(parseObject(utf8('Title: T\nSource: Wire\nLang: de-AT\n\nDer Text.')));
    expect(header).toMatchObject({
      format: 'header',
      title: 'T',
      source: 'Wire',
      language: 'de',
      body: 'Der Text.',
    });
    const plain = article(parseObject(utf8('Quelle: dpa\n\nDer Text des Artikels.')));
    expect(plain.format).toBe('plain');
  });

  it('strips Markdown syntax and keeps the words', () => {
    const md =
      "---\ntitle: 'It''s here'\nsource: \"The \\\"Gazette\\\"\"\n---\n\n# It's here\n\n" +
      'Read [the report](https://x.org/r) and ![chart](c.png) **now**, _really_.\n\n' +
      '> A quoted line with `code`.\n\n```\nfenced code\n```\n\n1. first\n2. second\n\n---\n\nsnake_case_name stays';
    const a = article(parseObject(utf8(md), { key: 'a.md' }));
    expect(a.title).toBe("It's here");
    expect(a.source).toBe('The "Gazette"');
    expect(a.lead).toBe('Read the report and now, really.');
    expect(a.body).toBe('A quoted line with code.\n\nfenced code\n\nfirst\nsecond\n\nsnake_case_name stays');
  });

  it('keeps scripts, styles, navigation, comments and hidden elements out of the text', () => {
    const html =
      '<html><head><title>Titel – Kurier</title><meta property="og:site_name" content="Kurier"><style>.x{}</style></head>' +
      '<body><nav>Menü</nav><div id="cookie-banner">Cookies?</div><div class="content"><p>Erster Satz.</p>' +
      '<!-- versteckt --><script>var geheim = 1;</script><p hidden>Unsichtbar</p><p style="display: none">Weg</p>' +
      '<p>Zweiter&nbsp;Satz mit &amp; Zeichen.</p></div><footer>Impressum</footer></body></html>';
    const a = article(parseObject(utf8(html), { key: 'a.html' }));
    expect(a.title).toBe('Titel');
    expect(a.source).toBe('Kurier');
    expect(`${a.lead}\n${a.body}`).toBe('Erster Satz.\nZweiter\u00a0Satz mit & Zeichen.');
  });

  it('falls back to meta tags when the JSON-LD is broken', () => {
    const html =
      '<html lang="en"><head><script type="application/ld+json">{broken</script>' +
      '<meta property="og:title" content="Meta title"><meta property="article:published_time" content="2024-01-02">' +
      '</head><body><article><p>The text of the story.</p></article></body></html>';
    expect(article(parseObject(utf8(html)))).toMatchObject({
      title: 'Meta title',
      date: '2024-01-02',
      datePrecision: 'day',
      language: 'en',
    });
  });
});
