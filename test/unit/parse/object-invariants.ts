/**
 * What every parse result must satisfy, whatever the input: used by the
 * property tests and by scripts/fuzz-parse.ts. Checked without `expect` so
 * that many thousands of runs stay fast.
 */
import type { ObjectParseResult, ParseResult, RejectionCode } from '../../../lambdas/domain/article';
import { INTERNAL_FAILURE_REASON } from '../../../lambdas/domain/parse';

export const REJECTION_CODES: readonly RejectionCode[] = [
  'EMPTY',
  'BINARY',
  'TOO_LARGE',
  'UNDECODABLE',
  'MALFORMED',
  'NO_BODY',
  'UNSUPPORTED',
];

export const FORMATS: readonly string[] = ['sample', 'plain', 'header', 'markdown', 'html', 'json', 'jsonl'];

const DATE_SHAPES: Readonly<Record<string, RegExp>> = {
  year: /^\d{4}$/,
  month: /^\d{4}-(0[1-9]|1[0-2])$/,
  day: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
  second: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/,
};

/** The invariants one entry's result breaks (empty when it holds them all). */
export function brokenResult(result: ParseResult): string[] {
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
    check(FORMATS.includes(a.format), `format "${a.format}" is known`);
    check(
      a.relatedHeadlines.every((h) => h.trim() !== ''),
      'related headlines are non-empty',
    );
    check((a.date === undefined) === (a.datePrecision === undefined), 'date and datePrecision come together');
    if (a.date !== undefined) {
      check(
        DATE_SHAPES[a.datePrecision ?? '']?.test(a.date) === true,
        `date ${a.date} fits ${a.datePrecision}`,
      );
    }
    check(typeof a.language === 'string' && a.language !== '', 'language is set');
    check(a.source === undefined || (a.source !== '' && !a.source.includes('\n')), 'source is one line');
    check(a.url === undefined || (a.url !== '' && !a.url.includes('\n')), 'url is one line');
  } else {
    check(
      REJECTION_CODES.includes(result.rejection.code),
      `rejection code ${result.rejection.code} is known`,
    );
    check(result.rejection.reason.length > 20, 'rejection has a reason');
    check(
      !result.rejection.reason.startsWith(INTERNAL_FAILURE_REASON),
      `parser failed internally: ${result.rejection.reason}`,
    );
  }
  return broken;
}

/** The invariants a whole-object result breaks. */
export function brokenObject(result: ObjectParseResult): string[] {
  if (!result.ok) return brokenResult(result);
  const broken: string[] = [];
  if (!FORMATS.includes(result.format)) broken.push(`object format "${result.format}" is known`);
  if (result.entries.length === 0) broken.push('an accepted object has entries');
  if (result.format === 'jsonl') {
    let previous = 0;
    for (const entry of result.entries) {
      if (entry.line === undefined || !Number.isInteger(entry.line) || entry.line <= previous) {
        broken.push('bulk entries have increasing 1-based line numbers');
      }
      previous = entry.line ?? previous;
    }
  } else if (result.entries.length !== 1 || result.entries[0]?.line !== undefined) {
    broken.push('a single-article object has one entry without a line');
  }
  for (const entry of result.entries) broken.push(...brokenResult(entry.result));
  return broken;
}
