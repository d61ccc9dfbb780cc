import { buildArticleRecord } from '../../lambdas/domain/article-record';
import { articlePeriods, counterDeltas } from '../../lambdas/domain/breakdowns';
import { FixedClassifier } from '../support/in-memory-ports';

const record = (topic: string, date?: string) =>
  buildArticleRecord({
    ref: { bucket: 'b', key: 'k' },
    article: {
      title: 't',
      body: 'b',
      date,
      relatedHeadlines: [],
      language: 'de',
      wordCount: 2,
      format: 'plain',
    },
    classification: {
      ...new FixedClassifier().classify({ text: '' }),
      topics: [{ slug: topic, score: 0.9 }],
    },
    now: '2026-11-28T10:00:00.000Z',
  });

describe('breakdowns', () => {
  it('counts a month-precision date in the month series only, and ingestion in both', () => {
    expect(articlePeriods(record('sport', '2024-03'))).toEqual([
      { basis: 'published', granularity: 'month', period: '2024-03' },
      { basis: 'ingested', granularity: 'month', period: '2026-11' },
      { basis: 'ingested', granularity: 'day', period: '2026-11-28' },
    ]);
    expect(articlePeriods(record('sport', '2024-03-12')).map((p) => p.period)).toContain('2024-03-12');
    expect(articlePeriods(record('sport')).every((p) => p.basis === 'ingested')).toBe(true);
  });

  it('adds one to every dimension of a new article, including the total', () => {
    const deltas = counterDeltas(undefined, record('sport', '2024-03'));
    const month = deltas.find((d) => d.basis === 'published' && d.granularity === 'month');
    expect(month?.changes).toMatchObject({
      ALL: 1,
      'TOPIC#sport': 1,
      'STANCE#russia#favor': 1,
      'LANG#de': 1,
    });
    expect(month?.changes).not.toHaveProperty('STANCE#west#none');
  });

  it('moves counts on reclassification and leaves totals alone', () => {
    const deltas = counterDeltas(record('sport', '2024-03'), record('health', '2024-03'));
    for (const d of deltas) expect(d.changes).toEqual({ 'TOPIC#sport': -1, 'TOPIC#health': 1 });
    expect(deltas).toHaveLength(3);
  });

  it('gives no deltas when nothing that is counted changed', () => {
    expect(counterDeltas(record('sport', '2024-03'), record('sport', '2024-03'))).toEqual([]);
  });
});
