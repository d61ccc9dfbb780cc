import {
  firstDay,
  isDatePrefix,
  lastDay,
  periodBounds,
  periodCount,
  periodsBetween,
} from '../../../lambdas/domain/api/periods';

describe('date prefixes', () => {
  it.each(['2024', '2024-02', '2024-02-29', '2023-12-31'])('accepts %s', (value) => {
    expect(isDatePrefix(value)).toBe(true);
  });

  it.each(['24', '2024-2', '2024-13', '2023-02-29', '2024-04-31', '2024-03-12T10:00', '0000', 'march', ''])(
    'refuses %s',
    (value) => {
      expect(isDatePrefix(value)).toBe(false);
    },
  );

  it('expands a prefix to the first and last day it covers', () => {
    expect([firstDay('2024'), lastDay('2024')]).toEqual(['2024-01-01', '2024-12-31']);
    expect([firstDay('2024-02'), lastDay('2024-02')]).toEqual(['2024-02-01', '2024-02-29']);
    expect([firstDay('2023-02'), lastDay('2023-02')]).toEqual(['2023-02-01', '2023-02-28']);
    expect([firstDay('2024-03-05'), lastDay('2024-03-05')]).toEqual(['2024-03-05', '2024-03-05']);
  });
});

describe('periods of a range', () => {
  it('lists every month across a year boundary', () => {
    expect(periodsBetween('month', '2023-11', '2024-02')).toEqual([
      '2023-11',
      '2023-12',
      '2024-01',
      '2024-02',
    ]);
  });

  it('lists every day across a leap day and a month boundary', () => {
    expect(periodsBetween('day', '2024-02-28', '2024-03-01')).toEqual([
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ]);
  });

  it('widens year and month prefixes to whole periods', () => {
    expect(periodsBetween('month', '2024', '2024')).toHaveLength(12);
    expect(periodsBetween('day', '2024-02', '2024-02')).toHaveLength(29);
    expect(periodBounds('month', '2024-03-15', '2024-04-02')).toEqual({ from: '2024-03', to: '2024-04' });
    expect(periodBounds('day', '2024', '2024-02')).toEqual({ from: '2024-01-01', to: '2024-02-29' });
  });

  it('is empty when the range is reversed', () => {
    expect(periodsBetween('month', '2024-05', '2024-03')).toEqual([]);
    expect(periodCount('day', '2024-05-02', '2024-05-01')).toBe(0);
  });

  it('counts periods without listing them, in agreement with the list', () => {
    for (const [granularity, from, to] of [
      ['day', '2024', '2024'],
      ['day', '2023-03', '2024-02'],
      ['day', '2023-10-29', '2023-10-30'],
      ['month', '2015', '2024'],
      ['month', '2024-01-31', '2024-02-01'],
    ] as const) {
      expect(periodCount(granularity, from, to)).toBe(periodsBetween(granularity, from, to).length);
    }
    expect(periodCount('day', '2024', '2024')).toBe(366);
    expect(periodCount('month', '2015', '2024')).toBe(120);
  });
});
