import {
  formatArticle,
  formatArticles,
  formatCounts,
  formatFailures,
  formatMeta,
  formatTable,
  formatUpload,
  mergeFailurePages,
  truncate,
  wrap,
} from '../../../scripts/lib/query-format';

const lines = (text: string) => text.split('\n');
const widest = (text: string) => Math.max(...lines(text).map((l) => [...l].length));

describe('tables', () => {
  it('aligns columns under their headers', () => {
    const text = formatTable(
      ['A', 'LONGER'],
      [
        ['wide value', 'x'],
        ['b', 'y'],
      ],
      { width: 80 },
    );
    expect(lines(text)).toEqual(['A           LONGER', 'wide value  x', 'b           y']);
  });

  it('cuts the flex column with an ellipsis so every line fits the width', () => {
    const title = 'Ein sehr langer Titel über die Lage in der Ostukraine und die Reaktionen aus Berlin';
    const text = formatTable(['ID', 'TITLE'], [['abc', title]], { width: 40 });
    expect(widest(text)).toBeLessThanOrEqual(40);
    expect(lines(text)[1]).toMatch(/^abc {2}Ein sehr langer .*…$/);
  });

  it('counts Cyrillic letters as one column each', () => {
    expect(truncate('Россия и Украина', 8)).toBe('Россия …');
    expect(truncate('line\nbreaks\tgone', 80)).toBe('line breaks gone');
  });
});

describe('query output', () => {
  const summary = {
    articleId: '0123456789abcdef0123',
    title: 'Sanctions debate continues in Brussels with no agreement in sight on the next package',
    date: '2024-03-12',
    language: 'en',
    source: 'example.org',
    primaryTopic: 'politics',
    topics: ['politics'],
    alignment: 'pro_western',
    stance: { russia: 'against', ukraine: 'none' },
  };

  it('shows an article list as one row per article within the width, and the next-page cursor', () => {
    const text = formatArticles({ items: [summary], cursor: 'eyJuZXh0Ijp0cnVlfQ' }, 120);
    const [header, row] = lines(text);
    expect(header).toMatch(/^DATE\s+LANG\s+SOURCE\s+TOPIC\s+ALIGNMENT\s+STANCE\s+ID\s+TITLE$/);
    expect(row).toContain('russia:against');
    expect(row).not.toContain('ukraine');
    expect([...(row ?? '')].length).toBe(120);
    expect(row).toMatch(/Sanctions debate .*…$/);
    expect(text).toContain('next page: --cursor eyJuZXh0Ijp0cnVlfQ');
  });

  it('says so when nothing matches', () => {
    expect(formatArticles({ items: [] }, 80)).toBe('No articles match.');
  });

  it('shows an article with its evidence per target', () => {
    const text = formatArticle(
      {
        ...summary,
        topics: [{ slug: 'politics', score: 0.8 }],
        alignment: { label: 'pro_western', score: 0.71 },
        stance: {
          russia: {
            label: 'against',
            score: 0.8,
            evidence: [{ phrase: 'war of aggression', field: 'text', weight: -1.5, cue: 'loaded-term' }],
          },
        },
        body: 'The body.',
      },
      100,
    );
    expect(text).toMatch(/^topics: +politics 0\.80$/m);
    expect(text).toContain('stance russia: against 0.80');
    expect(text).toContain('-1.50  loaded-term  (text)  "war of aggression"');
  });

  it('shows counts as a period × value table with totals, largest value first', () => {
    const text = formatCounts(
      {
        granularity: 'month',
        basis: 'published',
        breakdown: 'topic',
        series: [
          { period: '2024-01', counts: { politics: 3, conflict: 12 } },
          { period: '2024-02', counts: {} },
        ],
      },
      80,
    );
    expect(lines(text)).toEqual([
      'topic by month (published date)',
      'PERIOD   conflict  politics  TOTAL',
      '2024-01        12         3     15',
      '2024-02         0         0      0',
    ]);
  });

  it('switches to one row per value when the values do not fit the width', () => {
    const counts = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`source-${i}.example`, i + 1]));
    const text = formatCounts(
      {
        granularity: 'day',
        basis: 'ingested',
        breakdown: 'source',
        series: [{ period: '2024-01-01', counts }],
      },
      80,
    );
    expect(lines(text)[1]).toMatch(/^PERIOD\s+COUNT\s+VALUE$/);
    expect(lines(text)[2]).toMatch(/^2024-01-01\s+30\s+source-29\.example$/);
    expect(widest(text)).toBeLessThanOrEqual(80);
  });

  it('explains an upload status', () => {
    expect(formatUpload({ bucket: 'drop', key: 'incoming/x.txt', status: 'PENDING' })).toBe(
      'object: s3://drop/incoming/x.txt\nstatus: PENDING (in the bucket, not processed yet)',
    );
  });

  it('merges rejected and failed uploads, most recent first', () => {
    const u = (key: string, status: string, updatedAt: string) => ({
      bucket: 'b',
      key,
      status,
      updatedAt,
      reason: 'r',
    });
    const merged = mergeFailurePages([
      { items: [u('a', 'REJECTED', '2024-01-02'), u('b', 'REJECTED', '2024-01-01')] },
      { items: [u('c', 'FAILED', '2024-01-03')] },
    ]);
    expect(merged.items.map((i) => i.key)).toEqual(['c', 'a', 'b']);
    expect(lines(formatFailures(merged, 80))[1]).toMatch(/^2024-01-03\s+FAILED\s+-\s+c\s+r$/);
  });
});

describe('wrapped text', () => {
  it('wraps words to the width and marks text left out', () => {
    const text = 'one two three four five six seven eight nine ten';
    expect(wrap(text, 10, 10)).toEqual(['one two', 'three four', 'five six', 'seven', 'eight nine', 'ten']);
    const cut = wrap(text, 10, 2);
    expect(cut).toHaveLength(2);
    expect(cut[1]?.endsWith('…')).toBe(true);
  });
});

describe('meta', () => {
  it('lists each field, wrapping long lists under their label', () => {
    const text = formatMeta(
      { targets: ['russia', 'ukraine'], topics: ['politics', 'conflict', 'economy', 'crime'] },
      30,
    );
    expect(lines(text)).toEqual([
      'targets: russia, ukraine',
      'topics:  politics, conflict,',
      '         economy, crime',
    ]);
  });
});
