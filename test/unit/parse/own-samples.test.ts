/**
 * Every article in samples/ (written by this team) parses completely: the
 * demo and the classifier tests rely on them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArticle } from '../../../lambdas/domain/parse';

const SAMPLES = path.resolve(__dirname, '../../../samples');
const files = readdirSync(SAMPLES)
  .filter((f) => f.endsWith('.txt'))
  .sort();

describe('samples/', () => {
  it('holds at least seven articles in de, en and ru', () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const lang of ['de', 'en', 'ru']) expect(files.some((f) => f.startsWith(`${lang}-`))).toBe(true);
  });

  it.each(files)('%s parses into a complete article', (file) => {
    const result = parseArticle(readFileSync(path.join(SAMPLES, file)), { key: file });
    if (!result.ok) throw new Error(`${file} rejected: ${result.rejection.reason}`);
    const a = result.article;
    expect(a.format).toBe('sample');
    expect(a.language).toBe(file.slice(0, 2));
    expect(a.date).toMatch(/^\d{4}-\d{2}$/);
    expect(a.datePrecision).toBe('month');
    expect(a.title.length).toBeGreaterThan(10);
    expect(a.lead?.length ?? 0).toBeGreaterThan(50);
    expect(a.photoCredit).toMatch(/©/);
    expect(a.body.length).toBeGreaterThan(500);
    expect(a.relatedHeadlines).toHaveLength(1);
    expect(a.body).not.toMatch(
      /Mehr zum Thema|More on the topic|Больше по теме|Ещё по теме|Quelle:|Source:|Photo:|Источник:/,
    );
    expect(a.wordCount).toBeGreaterThanOrEqual(200);
    expect(a.wordCount).toBeLessThanOrEqual(500);
  });
});
