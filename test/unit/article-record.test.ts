import type { ParsedArticle } from '../../lambdas/domain/article';
import {
  articleIdFor,
  buildArticleRecord,
  mergeArticleRecord,
  sourceFor,
} from '../../lambdas/domain/article-record';
import { FixedClassifier } from '../support/in-memory-ports';

const article: ParsedArticle = {
  title: 'A title',
  body: 'First paragraph.\n\nSecond paragraph.',
  relatedHeadlines: [],
  language: 'en',
  wordCount: 6,
  format: 'plain',
};
const classification = new FixedClassifier().classify({ text: article.body });
const build = (key: string, now: string, version = 'test-1') =>
  buildArticleRecord({
    ref: { bucket: 'b', key, versionId: `v-${key}`, etag: 'e' },
    article,
    classification: { ...classification, classifier: { name: 'x', version } },
    now,
  });

describe('article records', () => {
  it('derives the same id from the same content whatever the whitespace or case', () => {
    expect(articleIdFor({ title: 'A  Title', body: 'Body\r\n text' })).toBe(
      articleIdFor({ title: 'a title', body: 'body text' }),
    );
    expect(articleIdFor({ title: 'A title', body: 'Body' })).not.toBe(
      articleIdFor({ title: 'A title', body: 'Other' }),
    );
  });

  it('adds a new key as a sighting and keeps the first ingestion time', () => {
    const first = build('incoming/a.txt', '2026-01-01T00:00:00.000Z');
    const merged = mergeArticleRecord(first, build('incoming/b.txt', '2026-01-02T00:00:00.000Z'));
    expect(merged?.sightingCount).toBe(2);
    expect(merged?.ingestedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(merged?.key).toBe('incoming/a.txt');
    expect(merged?.updatedAt).toBe('2026-01-02T00:00:00.000Z');
  });

  it('changes nothing when the same sighting arrives again with the same classifier', () => {
    const first = build('incoming/a.txt', '2026-01-01T00:00:00.000Z');
    expect(mergeArticleRecord(first, build('incoming/a.txt', '2026-01-03T00:00:00.000Z'))).toBeUndefined();
  });

  it('replaces the classification when the classifier version changed', () => {
    const first = build('incoming/a.txt', '2026-01-01T00:00:00.000Z', 'v1');
    const merged = mergeArticleRecord(first, build('incoming/a.txt', '2026-02-01T00:00:00.000Z', 'v2'));
    expect(merged?.classifier.version).toBe('v2');
    expect(merged?.classifiedAt).toBe('2026-02-01T00:00:00.000Z');
    expect(merged?.ingestedAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('adopts a more precise publication date from a later copy, and never a vaguer one', () => {
    const dated = (key: string, date: string | undefined, datePrecision: ParsedArticle['datePrecision']) =>
      buildArticleRecord({
        ref: { bucket: 'b', key },
        article: { ...article, date, datePrecision },
        classification,
        now: '2026-01-01T00:00:00.000Z',
      });
    const first = dated('incoming/a.txt', '2024-03', 'month');
    const exact = mergeArticleRecord(first, dated('incoming/a.json', '2024-03-12T08:00:00Z', 'second'));
    expect(exact).toMatchObject({ date: '2024-03-12T08:00:00Z', datePrecision: 'second' });
    expect(exact?.sightings['s3://b/incoming/a.txt']).toMatchObject({ date: '2024-03', format: 'plain' });
    const vaguer = mergeArticleRecord(exact, dated('incoming/a.md', undefined, undefined));
    expect(vaguer).toMatchObject({ date: '2024-03-12T08:00:00Z', sightingCount: 3 });
  });

  it('takes the outlet from the parsed source, else from the folder under the prefix', () => {
    expect(sourceFor({ ...article, source: 'RT.de' }, 'incoming/x.txt', 'incoming/')).toBe('rt.de');
    expect(sourceFor(article, 'incoming/tass.ru/2024/x.txt', 'incoming/')).toBe('tass.ru');
    expect(sourceFor(article, 'incoming/x.txt', 'incoming/')).toBeUndefined();
  });

  it('cuts an oversized body and says so', () => {
    const huge = buildArticleRecord({
      ref: { bucket: 'b', key: 'k' },
      article: { ...article, body: 'x'.repeat(150_000) },
      classification,
      now: '2026-01-01T00:00:00.000Z',
    });
    expect(huge.bodyTruncated).toBe(true);
    expect(huge.body.length).toBe(100_000);
  });
});
