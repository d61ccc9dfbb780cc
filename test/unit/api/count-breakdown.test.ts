import {
  BREAKDOWNS,
  breakdownDimensions,
  breakdownValue,
  toCountSeries,
} from '../../../lambdas/domain/api/count-breakdown';

describe('breakdown dimensions', () => {
  it('reads one counter prefix per breakdown, and ALL for the total', () => {
    expect(Object.fromEntries(BREAKDOWNS.map((b) => [b, breakdownDimensions(b)]))).toEqual({
      topic: ['TOPIC#'],
      stance: ['STANCE#'],
      alignment: ['ALIGNMENT#'],
      language: ['LANG#'],
      source: ['SOURCE#'],
      source_alignment: ['SOURCE_ALIGNMENT#'],
      all: ['ALL'],
    });
  });

  it('shows values without their prefix, stance as target:label', () => {
    expect(breakdownValue('topic', 'TOPIC#human-interest')).toBe('human-interest');
    expect(breakdownValue('stance', 'STANCE#russia#against')).toBe('russia:against');
    expect(breakdownValue('alignment', 'ALIGNMENT#pro_kremlin')).toBe('pro_kremlin');
    expect(breakdownValue('language', 'LANG#de')).toBe('de');
    expect(breakdownValue('source_alignment', 'SOURCE_ALIGNMENT#rt.de#pro_kremlin')).toBe(
      'rt.de:pro_kremlin',
    );
    expect(breakdownValue('source', 'SOURCE_ALIGNMENT#rt.de#pro_kremlin')).toBeUndefined();
    expect(breakdownValue('source', 'SOURCE#rt.de')).toBe('rt.de');
    expect(breakdownValue('all', 'ALL')).toBe('all');
  });

  it('leaves out values of other breakdowns', () => {
    expect(breakdownValue('topic', 'LANG#de')).toBeUndefined();
    expect(breakdownValue('topic', 'ALL')).toBeUndefined();
    expect(breakdownValue('all', 'TOPIC#politics')).toBeUndefined();
    expect(breakdownValue('language', 'LANG#')).toBeUndefined();
  });
});

describe('count series', () => {
  it('zero-fills every period in the range and keeps only the breakdown', () => {
    const series = toCountSeries(
      { breakdown: 'topic', granularity: 'month', basis: 'published', from: '2024-01', to: '2024-04' },
      [
        { period: '2024-02', counts: { ALL: 3, 'TOPIC#politics': 2, 'TOPIC#sport': 1, 'LANG#de': 3 } },
        { period: '2024-04', counts: { 'TOPIC#politics': 1, 'TOPIC#sport': 0 } },
      ],
    );
    expect(series).toEqual({
      granularity: 'month',
      basis: 'published',
      breakdown: 'topic',
      series: [
        { period: '2024-01', counts: {} },
        { period: '2024-02', counts: { politics: 2, sport: 1 } },
        { period: '2024-03', counts: {} },
        { period: '2024-04', counts: { politics: 1 } },
      ],
    });
  });

  it('drops points outside the range', () => {
    const series = toCountSeries(
      { breakdown: 'all', granularity: 'day', basis: 'ingested', from: '2024-03-01', to: '2024-03-02' },
      [
        { period: '2024-02-29', counts: { ALL: 9 } },
        { period: '2024-03-02', counts: { ALL: 4 } },
      ],
    );
    expect(series.series).toEqual([
      { period: '2024-03-01', counts: {} },
      { period: '2024-03-02', counts: { all: 4 } },
    ]);
  });
});
