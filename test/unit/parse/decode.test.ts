/**
 * What happens to the byte forms analysts upload: encodings are decoded, and
 * files that are not article text are refused with a reason a person can act on.
 */
import type { ParsedArticle, ParseResult, Rejection } from '../../../lambdas/domain/article';
import { DEFAULT_MAX_BYTES, decodeInput, parseArticle } from '../../../lambdas/domain/parse';
import { encodeSingleByte, encodeUtf16, utf8 } from './legacy-encode';

const GERMAN =
  ' date 2024-03 Größere Brücken über die Flüsse\n\nDer Bau schreitet voran.\n\nQuelle: Foto © Jürgen Weiß\n\nDie Arbeiten an der Brücke über die Ems sind fast fertig. Mehr zum Thema – Straßenbau im Überblick\n';
const RUSSIAN =
  'Погода в Москве: ожидается снег\n\nВ четверг в столице пройдёт снег, синоптики обещают метель.\n\nТемпература составит минус пять градусов, ветер усилится к вечеру.';

function article(result: ParseResult): ParsedArticle {
  if (!result.ok) throw new Error(`rejected: ${result.rejection.code} ${result.rejection.reason}`);
  return result.article;
}

function rejection(result: ParseResult): Rejection {
  if (result.ok) throw new Error(`expected a rejection, got "${result.article.title}"`);
  return result.rejection;
}

describe('decoding', () => {
  it('reads UTF-8 with and without a byte-order mark alike', () => {
    const plain = article(parseArticle(utf8(GERMAN)));
    const withBom = article(parseArticle(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(GERMAN)])));
    expect(withBom).toEqual(plain);
    expect(plain.title).toBe('Größere Brücken über die Flüsse');
  });

  it('strips a BOM from string input', () => {
    expect(article(parseArticle(`\uFEFF${GERMAN}`)).title).toBe('Größere Brücken über die Flüsse');
  });

  it.each(['le', 'be'] as const)('reads UTF-16 %s with a byte-order mark', (endian) => {
    const a = article(parseArticle(encodeUtf16(GERMAN, endian)));
    expect(a.title).toBe('Größere Brücken über die Flüsse');
    expect(a.photoCredit).toBe('Foto © Jürgen Weiß');
    expect(a.relatedHeadlines).toEqual(['Straßenbau im Überblick']);
    expect(a.language).toBe('de');
  });

  it('reads windows-1251 Russian text without mojibake', () => {
    const result = decodeInput(encodeSingleByte(RUSSIAN, 'windows-1251'));
    expect(result).toEqual({ ok: true, text: RUSSIAN, encoding: 'windows-1251' });
    const a = article(parseArticle(encodeSingleByte(RUSSIAN, 'windows-1251')));
    expect(a.title).toBe('Погода в Москве: ожидается снег');
    expect(a.language).toBe('ru');
  });

  it('reads windows-1252 German text without mojibake', () => {
    const result = decodeInput(encodeSingleByte(GERMAN, 'windows-1252'));
    expect(result.ok && result.encoding).toBe('windows-1252');
    const a = article(parseArticle(encodeSingleByte(GERMAN, 'windows-1252')));
    expect(a.title).toBe('Größere Brücken über die Flüsse');
    expect(a.photoCredit).toBe('Foto © Jürgen Weiß');
  });

  it('decodes windows-1252 punctuation (€, dashes, curly quotes) correctly', () => {
    const text =
      'Preise „stabil“ – 5 € mehr\n\nDer Preis stieg um 5 € auf 105 €. Händler sprechen von ‘Entspannung’ — vorerst.';
    const a = article(parseArticle(encodeSingleByte(text, 'windows-1252')));
    expect(a.title).toBe('Preise „stabil“ – 5 € mehr');
    expect(a.body).toBe('Der Preis stieg um 5 € auf 105 €. Händler sprechen von ‘Entspannung’ — vorerst.');
  });

  it('normalises decomposed umlauts to NFC', () => {
    const decomposed = 'Bru\u0308cken u\u0308ber die Ems\n\nDer Bau der Bru\u0308cke ist fertig.';
    expect(article(parseArticle(decomposed)).title).toBe('Brücken über die Ems');
  });

  it('refuses bytes that no supported encoding decodes cleanly', () => {
    // 0x98 is undefined in windows-1251, 0x81 in windows-1252; neither is valid UTF-8.
    const r = rejection(
      parseArticle(new Uint8Array([0x41, 0x62, 0x63, 0x98, 0x81, 0x20, 0x64, 0x65]), { key: 'x.txt' }),
    );
    expect(r.code).toBe('UNDECODABLE');
    expect(r.reason).toContain('x.txt');
    expect(r.reason).toContain('UTF-8');
  });

  it('refuses a truncated UTF-16 file', () => {
    expect(rejection(parseArticle(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x42]))).code).toBe('UNDECODABLE');
  });
});

describe('inputs that are not an article', () => {
  it('rejects an empty file as EMPTY', () => {
    const r = rejection(parseArticle(new Uint8Array(0), { key: 'incoming/empty.txt' }));
    expect(r.code).toBe('EMPTY');
    expect(r.reason).toBe(
      'The file "incoming/empty.txt" is empty (0 bytes). Upload a file that contains the article text.',
    );
  });

  it.each([
    ['spaces and newlines', utf8('  \n\t\r\n   \n')],
    ['a lone BOM', new Uint8Array([0xef, 0xbb, 0xbf])],
    ['no-break and zero-width spaces', utf8('\u00a0\u200b\u2003\n')],
    ['UTF-16 white space', encodeUtf16('   \n  ', 'le')],
  ])('rejects %s as EMPTY', (_name, bytes) => {
    const r = rejection(parseArticle(bytes));
    expect(r.code).toBe('EMPTY');
    expect(r.reason).toMatch(/white space|no readable text/);
  });

  it('rejects an empty or blank string as EMPTY', () => {
    expect(rejection(parseArticle('')).code).toBe('EMPTY');
    expect(rejection(parseArticle(' \n \r\n ')).code).toBe('EMPTY');
  });

  it('rejects a PDF as BINARY and says to extract the text', () => {
    const pdf = utf8('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n');
    const r = rejection(parseArticle(pdf, { key: 'report.pdf' }));
    expect(r.code).toBe('BINARY');
    expect(r.reason).toContain('"report.pdf" is a PDF document');
    expect(r.reason).toContain('Extract the article text');
  });

  it.each([
    ['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00], 'PNG image'],
    ['JPEG', [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46], 'JPEG image'],
    ['GIF', [0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00], 'GIF image'],
    ['ZIP', [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00], 'ZIP archive'],
    ['gzip', [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00], 'compressed files are not supported yet'],
  ])('rejects a %s file as BINARY', (_name, bytes, what) => {
    const r = rejection(parseArticle(new Uint8Array(bytes)));
    expect(r.code).toBe('BINARY');
    expect(r.reason).toContain(what);
  });

  it('rejects text with NUL bytes as BINARY', () => {
    const r = rejection(parseArticle(utf8('Titel\n\nText\u0000mit\u0000Nullbytes')));
    expect(r.code).toBe('BINARY');
    expect(r.reason).toContain('NUL bytes');
    expect(rejection(parseArticle('Titel\n\nText\u0000mit Nullbyte')).code).toBe('BINARY');
  });

  it('rejects data that is mostly control characters as BINARY', () => {
    const bytes = Uint8Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41));
    expect(rejection(parseArticle(bytes)).code).toBe('BINARY');
  });

  it('rejects a file over the default 10 MiB limit as TOO_LARGE', () => {
    const big = new Uint8Array(DEFAULT_MAX_BYTES + 1).fill(0x61);
    const r = rejection(parseArticle(big, { key: 'dump.txt' }));
    expect(r.code).toBe('TOO_LARGE');
    expect(r.reason).toContain('over the 10 MiB limit');
  });

  it('applies a configured size limit to bytes and to strings', () => {
    const text = `Titel\n\n${'Wort '.repeat(100)}`;
    expect(rejection(parseArticle(utf8(text), { maxBytes: 100 })).code).toBe('TOO_LARGE');
    expect(rejection(parseArticle(text, { maxBytes: 100 })).code).toBe('TOO_LARGE');
    // Multi-byte characters count as their UTF-8 size: 40 Cyrillic letters are 80 bytes.
    expect(rejection(parseArticle(`Т\n\n${'ж'.repeat(40)}`, { maxBytes: 60 })).code).toBe('TOO_LARGE');
    expect(parseArticle(text, { maxBytes: 1000 }).ok).toBe(true);
  });

  it('falls back to the default limit when the configured one is not a positive number', () => {
    expect(parseArticle('Titel\n\nText', { maxBytes: Number.NaN }).ok).toBe(true);
    expect(parseArticle('Titel\n\nText', { maxBytes: -5 }).ok).toBe(true);
  });

  it('rejects a title with no text below it as NO_BODY', () => {
    const r = rejection(parseArticle('Nur eine Überschrift\n\n', { key: 'a.txt' }));
    expect(r.code).toBe('NO_BODY');
    expect(r.reason).toContain('"Nur eine Überschrift"');
    expect(r.reason).toContain('Upload the full article');
  });

  it('rejects a sample header with only a credit and a related headline as NO_BODY', () => {
    const text = ' date 2024-03 Titel\n\nQuelle: Foto © X\n\nMehr zum Thema – Anderes\n';
    expect(rejection(parseArticle(text)).code).toBe('NO_BODY');
  });
});
