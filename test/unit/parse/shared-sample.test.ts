/**
 * The reference article from the real feed, read at run time from ../shared/samples.
 * If the file is missing these tests fail: the parser must never go unchecked against it.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ParsedArticle } from '../../../lambdas/domain/article';
import { parseArticle } from '../../../lambdas/domain/parse';

const SAMPLE = path.resolve(__dirname, '../../../../shared/samples/000_f2541a07a88647a1.txt');

let cached: ParsedArticle | undefined;
function sampleArticle(): ParsedArticle {
  if (cached === undefined) {
    const result = parseArticle(readFileSync(SAMPLE), { key: 'incoming/000_f2541a07a88647a1.txt' });
    if (!result.ok) throw new Error(`sample rejected: ${result.rejection.code} ${result.rejection.reason}`);
    cached = result.article;
  }
  return cached;
}

describe('the shared sample article (000_f2541a07a88647a1.txt)', () => {
  it('is recognised as the sample format', () => {
    expect(sampleArticle().format).toBe('sample');
  });

  it('has the header date with month precision', () => {
    expect(sampleArticle().date).toBe('2024-03');
    expect(sampleArticle().datePrecision).toBe('month');
  });

  it('has the exact title from the header line', () => {
    expect(sampleArticle().title).toBe(
      'Medienbericht: Ukraine versucht Rüstungsgüter russischer Produktion über Kasachstan einzukaufen',
    );
  });

  it('has the lead paragraph before the credit line', () => {
    const { lead } = sampleArticle();
    expect(lead?.startsWith('Laut einem am Donnerstag')).toBe(true);
    expect(lead?.endsWith('Das Verteidigungsministerium Kasachstans bestreitet dies.')).toBe(true);
  });

  it('returns the photo credit without its label', () => {
    expect(sampleArticle().photoCredit).toBe('Gettyimages.ru © Geem Drake/SOPA Images/LightRocket');
  });

  it('returns exactly one related headline, the whole line after the label', () => {
    expect(sampleArticle().relatedHeadlines).toEqual([
      'Rücktritt der Regierung in Kasachstan – Tokajew ernennt neuen Ministerpräsidenten',
    ]);
  });

  it('keeps the credit and the related headline out of the body', () => {
    const { body } = sampleArticle();
    expect(body).not.toContain('Quelle:');
    expect(body).not.toContain('Mehr zum Thema');
    expect(body).not.toContain('Tokajew');
    expect(body.startsWith('Die Nachrichtenagentur RIA Nowosti')).toBe(true);
    expect(body.endsWith('militärischer Ausrüstung gilt.')).toBe(true);
  });

  it('detects German and counts words', () => {
    expect(sampleArticle().language).toBe('de');
    expect(sampleArticle().wordCount).toBeGreaterThan(200);
  });

  it('gives the same article from bytes and from a string', () => {
    const fromString = parseArticle(readFileSync(SAMPLE, 'utf8'));
    expect(fromString).toEqual({ ok: true, article: sampleArticle() });
  });
});
