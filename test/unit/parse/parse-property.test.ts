/**
 * Whatever lands in the bucket, the parser answers: an article or a typed
 * rejection, never an exception (which would retry the message until the DLQ).
 */
import fc from 'fast-check';
import type { ParseResult, RejectionCode } from '../../../lambdas/domain/article';
import { INTERNAL_FAILURE_REASON, parseArticle } from '../../../lambdas/domain/parse';

const CODES: readonly RejectionCode[] = [
  'EMPTY',
  'BINARY',
  'TOO_LARGE',
  'UNDECODABLE',
  'MALFORMED',
  'NO_BODY',
  'UNSUPPORTED',
];
const NUM_RUNS = 2000;

/** The invariants every result must hold; returns the ones broken (checked without `expect` to keep 10k runs fast). */
function brokenInvariants(result: ParseResult): string[] {
  const broken: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) broken.push(what);
  };
  if (result.ok) {
    const a = result.article;
    check(a.body !== '' && a.body === a.body.trim(), 'body is non-empty and trimmed');
    check(!a.body.includes('\r') && !a.body.includes('\u0000'), 'body has no CR or NUL');
    check(!a.body.includes('\n\n\n'), 'paragraphs are separated by one blank line');
    check(!a.title.includes('\n'), 'title is one line');
    check(a.body.normalize('NFC') === a.body, 'body is NFC');
    check(Number.isInteger(a.wordCount) && a.wordCount >= 0, 'wordCount is a count');
    check(a.format === 'sample' || a.format === 'plain', 'format is known');
    check(
      a.relatedHeadlines.every((h) => h.trim() !== ''),
      'related headlines are non-empty',
    );
    check(a.date === undefined || /^\d{4}-\d{2}(-\d{2})?$/.test(a.date), 'date is ISO');
  } else {
    check(CODES.includes(result.rejection.code), 'rejection code is known');
    check(result.rejection.reason.length > 20, 'rejection has a reason');
    check(!result.rejection.reason.startsWith(INTERNAL_FAILURE_REASON), 'parser did not fail internally');
  }
  return broken;
}

/** Throws (failing the property with the input shrunk) if parsing throws or breaks an invariant. */
const parses = (input: Uint8Array | string): void => {
  const broken = brokenInvariants(parseArticle(input, { key: 'incoming/fuzz.txt' }));
  if (broken.length > 0) throw new Error(`broken: ${broken.join('; ')}`);
};

/** Lines that look like the sample format's parts, so the layout code is exercised, not only the decoder. */
const FRAGMENTS = [
  ' date 2024-03 ',
  'date 2024-02-30 ',
  ' date 9999-99',
  'Quelle: ',
  'Source:',
  'Фото: ',
  'Mehr zum Thema – ',
  'Mehr zum Thema —',
  '. Read more: ',
  'Больше по теме - ',
  '\n',
  '\n\n',
  '\r\n',
  '\r',
  ' ',
  '\t',
  '\u00a0',
  '\uFEFF',
  'Titel',
  'Ein Satz.',
  'Слово',
  'u\u0308',
  '\ud800',
  '\u0000',
  '\u0085',
  '%PDF-',
];

describe('parseArticle never throws', () => {
  it('on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), parses), { numRuns: NUM_RUNS });
  });

  it('on arbitrary mostly-text bytes (no NUL, often invalid UTF-8)', () => {
    const textish = fc.uint8Array({ min: 1, max: 255, maxLength: 600 });
    fc.assert(fc.property(textish, parses), { numRuns: NUM_RUNS });
  });

  it('on arbitrary strings of any code points, including lone surrogates', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), parses), { numRuns: NUM_RUNS });
  });

  it('on arbitrary strings of UTF-16 code units, as bytes too', () => {
    const str = fc.string({ unit: 'binary-ascii', maxLength: 400 });
    fc.assert(
      fc.property(str, (s) => {
        parses(s);
        parses(new TextEncoder().encode(s));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('on strings assembled from sample-format fragments', () => {
    const assembled = fc
      .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 12 })), { maxLength: 40 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(assembled, (s) => {
        parses(s);
        parses(new TextEncoder().encode(s));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
