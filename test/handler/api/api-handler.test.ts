/**
 * The query API handler with real HTTP API (payload 2.0) events and an
 * in-memory store: every endpoint, the 400s a dashboard author would hit,
 * 404s, cursor pagination and zero-filled count series.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { createApiHandler } from '../../../lambdas/api/api-handler';
import type { ObjectExistence } from '../../../lambdas/domain/api/upload-status';
import { ingestedUpload } from '../../../lambdas/domain/article-record';
import { apiEvent, articleRecord, rejected, routedEvent } from './api-fixtures';
import { InMemoryArticleQueries } from './in-memory-article-queries';

const DROP = 'news-drop';

const march = articleRecord({
  title: 'March politics',
  date: '2024-03-12',
  topics: ['politics'],
  russia: 'against',
  source: 'rt.de',
});
const marchConflict = articleRecord({
  title: 'March conflict',
  date: '2024-03-20',
  topics: ['conflict', 'politics'],
  russia: 'favor',
  alignment: 'pro_kremlin',
  source: 'rt.de',
});
const january = articleRecord({
  title: 'January economy',
  date: '2024-01',
  topics: ['economy'],
  language: 'en',
  source: 'bbc.co.uk',
});
const may = articleRecord({
  title: 'May politics',
  date: '2024-05-02',
  topics: ['politics'],
  russia: 'neutral',
  alignment: 'balanced',
});
const undated = articleRecord({ title: 'Undated politics', topics: ['politics'] });

class SetObjectExistence implements ObjectExistence {
  readonly objects = new Set<string>();
  readonly asked: string[] = [];
  async exists(bucket: string, key: string): Promise<boolean> {
    this.asked.push(`${bucket}/${key}`);
    return this.objects.has(`${bucket}/${key}`);
  }
}

class ExplodingQueries extends InMemoryArticleQueries {
  override async getArticle(): Promise<never> {
    throw new Error('ProvisionedThroughputExceededException: secret table detail');
  }
}

function setup(queries = new InMemoryArticleQueries()) {
  for (const a of [march, marchConflict, january, may, undated]) queries.addArticle(a);
  queries.addUpload(
    ingestedUpload({ bucket: DROP, key: march.key }, march.articleId, '2024-06-01T10:00:00.000Z'),
  );
  queries.addUpload(rejected('incoming/empty.txt', '2024-06-02T09:00:00.000Z'));
  queries.addUpload(rejected('incoming/empty-too.txt', '2024-06-03T09:00:00.000Z'));
  const objects = new SetObjectExistence();
  const errors: unknown[][] = [];
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  jest.spyOn(logger, 'error').mockImplementation((...args: unknown[]) => {
    errors.push(args);
  });
  const handler = createApiHandler({ queries, objects, dropBucket: DROP, dropPrefix: 'incoming/', logger });
  const call = async (path: string, query: Record<string, string> = {}, method = 'GET') => {
    const response = await handler(apiEvent(path, query, method));
    return { ...response, json: JSON.parse(response.body) };
  };
  return { handler, call, queries, objects, errors };
}

describe('GET /api/articles', () => {
  it('lists the articles of a topic newest first, as summaries', async () => {
    const { call } = setup();
    const res = await call('/api/articles', { topic: 'politics' });

    expect(res.statusCode).toBe(200);
    expect(res.headers?.['content-type']).toBe('application/json; charset=utf-8');
    expect(res.json.items.map((a: { title: string }) => a.title)).toEqual([
      'May politics',
      'March conflict',
      'March politics',
      'Undated politics',
    ]);
    expect(res.json.items[1]).toEqual({
      articleId: marchConflict.articleId,
      title: 'March conflict',
      date: '2024-03-20',
      datePrecision: 'day',
      language: 'de',
      source: 'rt.de',
      primaryTopic: 'conflict',
      topics: ['conflict', 'politics'],
      alignment: 'pro_kremlin',
      stance: { russia: 'favor', ukraine: 'none' },
      ingestedAt: '2024-06-01T10:00:00.000Z',
    });
    expect(res.json.cursor).toBeUndefined();
  });

  it.each([
    [{ target: 'russia', stance: 'favor' }, ['March conflict']],
    [{ alignment: 'balanced' }, ['May politics']],
    [{ source: 'RT.de' }, ['March conflict', 'March politics']],
    [{ language: 'en' }, ['January economy']],
    [{ topic: 'Politics', from: '2024-03', to: '2024-03' }, ['March conflict', 'March politics']],
    [{ topic: 'politics', from: '2024-03-15' }, ['May politics', 'March conflict']],
  ])('filters by %j', async (query, titles) => {
    const { call } = setup();
    const res = await call('/api/articles', query);
    expect(res.statusCode).toBe(200);
    expect(res.json.items.map((a: { title: string }) => a.title)).toEqual(titles);
  });

  it('pages through a list with the cursor, without repeats or gaps', async () => {
    const { call } = setup();
    const titles: string[] = [];
    const cursors: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await call('/api/articles', {
        topic: 'politics',
        limit: '3',
        ...(cursor ? { cursor } : {}),
      });
      expect(res.statusCode).toBe(200);
      titles.push(...res.json.items.map((a: { title: string }) => a.title));
      cursor = res.json.cursor;
      if (cursor) cursors.push(cursor);
    } while (cursor);
    expect(cursors).toHaveLength(1);
    expect(titles).toEqual(['May politics', 'March conflict', 'March politics', 'Undated politics']);
  });

  it('uses a default page size of 50', async () => {
    const { call, queries } = setup();
    await call('/api/articles', { language: 'de' });
    expect(queries.calls.at(-1)).toEqual({
      method: 'listArticles',
      args: ['LANG#de', { from: undefined, to: undefined, limit: 50, cursor: undefined }],
    });
  });

  it.each([
    ['no filter', {}, ''],
    ['two filters', { topic: 'politics', source: 'rt.de' }, ''],
    ['a stance without a target', { stance: 'favor' }, 'stance'],
    ['a target without a stance', { target: 'russia' }, 'stance'],
    ['an unknown stance', { target: 'russia', stance: 'supportive' }, 'stance'],
    ['an unknown alignment', { alignment: 'pro_martian' }, 'alignment'],
    ['a bad date', { topic: 'politics', from: '2024-13' }, 'from'],
    ['an impossible day', { topic: 'politics', to: '2023-02-29' }, 'to'],
    ['a reversed range', { topic: 'politics', from: '2024-05', to: '2024-03' }, 'to'],
    ['a limit of 0', { topic: 'politics', limit: '0' }, 'limit'],
    ['a limit of 201', { topic: 'politics', limit: '201' }, 'limit'],
    ['a limit that is not a number', { topic: 'politics', limit: 'ten' }, 'limit'],
    ['a repeated topic', { topic: 'politics,conflict' }, 'topic'],
    ['an unknown parameter', { topics: 'politics' }, 'topics'],
  ])('answers 400 with a reason for %s', async (_what, query, path) => {
    const { call } = setup();
    const res = await call('/api/articles', query);
    expect(res.statusCode).toBe(400);
    expect(res.json.error).toBe('BadRequest');
    expect(res.json.message).toMatch(/^Invalid request: ./);
    expect(res.json.issues.map((i: { path: string }) => i.path)).toContain(path);
  });

  it('names the filters it got when given two', async () => {
    const { call } = setup();
    const res = await call('/api/articles', { topic: 'politics', language: 'de' });
    expect(res.json.message).toContain('not topic and language');
  });

  it('answers 400 for a cursor it did not issue', async () => {
    const { call } = setup();
    const res = await call('/api/articles', { topic: 'politics', cursor: '!!!' });
    expect(res.statusCode).toBe(400);
    expect(res.json.issues).toEqual([{ path: 'cursor', message: expect.stringContaining('cursor') }]);
  });
});

describe('GET /api/articles/{articleId}', () => {
  it('returns the full record with its evidence', async () => {
    const { call } = setup();
    const res = await call(`/api/articles/${march.articleId}`);
    expect(res.statusCode).toBe(200);
    expect(res.json).toMatchObject({ articleId: march.articleId, title: 'March politics', body: march.body });
    const [evidence] = res.json.stance.russia.evidence;
    expect(march.body.slice(evidence.start, evidence.end)).toBe(evidence.phrase);
  });

  it('works with a declared route and its path parameters', async () => {
    const { handler } = setup();
    const res = await handler(
      routedEvent('GET /api/articles/{articleId}', `/api/articles/${may.articleId}`, {
        articleId: may.articleId,
      }),
    );
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).title).toBe('May politics');
  });

  it('answers 404 for an unknown article', async () => {
    const { call } = setup();
    const res = await call('/api/articles/0123456789abcdef0123');
    expect(res.statusCode).toBe(404);
    expect(res.json).toEqual({ error: 'NotFound', message: 'No article with id 0123456789abcdef0123.' });
  });

  it('answers 400 for an id that cannot be one', async () => {
    const { call } = setup();
    const res = await call('/api/articles/a%20b');
    expect(res.statusCode).toBe(400);
    expect(res.json.issues[0].path).toBe('articleId');
  });
});

describe('GET /api/counts', () => {
  it('returns a zero-filled monthly topic series with the prefixes stripped', async () => {
    const { call } = setup();
    const res = await call('/api/counts', { breakdown: 'topic', from: '2024-01', to: '2024-06' });
    expect(res.statusCode).toBe(200);
    expect(res.json).toEqual({
      granularity: 'month',
      basis: 'published',
      breakdown: 'topic',
      series: [
        { period: '2024-01', counts: { economy: 1 } },
        { period: '2024-02', counts: {} },
        { period: '2024-03', counts: { politics: 2, conflict: 1 } },
        { period: '2024-04', counts: {} },
        { period: '2024-05', counts: { politics: 1 } },
        { period: '2024-06', counts: {} },
      ],
    });
  });

  it('counts stance as target:label, and day granularity fills every day', async () => {
    const { call } = setup();
    const res = await call('/api/counts', {
      breakdown: 'stance',
      granularity: 'day',
      from: '2024-03-11',
      to: '2024-03-20',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json.series).toHaveLength(10);
    expect(res.json.series[0]).toEqual({ period: '2024-03-11', counts: {} });
    expect(res.json.series[1]).toEqual({ period: '2024-03-12', counts: { 'russia:against': 1 } });
    expect(res.json.series[9]).toEqual({ period: '2024-03-20', counts: { 'russia:favor': 1 } });
  });

  it.each([
    ['alignment', { pro_western: 3, pro_kremlin: 1, balanced: 1 }],
    ['language', { de: 4, en: 1 }],
    ['source', { 'rt.de': 2, 'bbc.co.uk': 1, misc: 0 }],
    ['all', { all: 5 }],
  ])('breaks down by %s', async (breakdown, expected) => {
    const { call } = setup();
    const res = await call('/api/counts', { breakdown, basis: 'ingested', from: '2024-06', to: '2024-06' });
    expect(res.statusCode).toBe(200);
    expect(res.json.series).toEqual([
      { period: '2024-06', counts: Object.fromEntries(Object.entries(expected).filter(([, n]) => n > 0)) },
    ]);
  });

  it('answers several breakdowns from one read when asked with also=', async () => {
    const { call } = setup();
    const res = await call('/api/counts', {
      breakdown: 'all',
      also: 'language,source',
      basis: 'ingested',
      from: '2024-06',
      to: '2024-06',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json.series).toEqual([{ period: '2024-06', counts: { all: 5 } }]);
    expect(res.json.also).toEqual({
      language: [{ period: '2024-06', counts: { de: 4, en: 1 } }],
      source: [{ period: '2024-06', counts: { 'rt.de': 2, 'bbc.co.uk': 1 } }],
    });
  });

  it('answers 400 for an unknown breakdown in also=', async () => {
    const { call } = setup();
    const res = await call('/api/counts', {
      breakdown: 'all',
      also: 'language,colour',
      from: '2024-06',
      to: '2024-06',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json.message).toMatch(/also/);
  });

  it('widens a day-precise range to whole months at month granularity', async () => {
    const { call } = setup();
    const res = await call('/api/counts', { breakdown: 'all', from: '2024-03-15', to: '2024-03-16' });
    expect(res.json.series).toEqual([{ period: '2024-03', counts: { all: 2 } }]);
  });

  it.each([
    ['an unknown breakdown', { breakdown: 'colour', from: '2024-01', to: '2024-02' }, 'breakdown'],
    ['a missing breakdown', { from: '2024-01', to: '2024-02' }, 'breakdown'],
    ['a missing from', { breakdown: 'topic', to: '2024-02' }, 'from'],
    [
      'an unknown granularity',
      { breakdown: 'topic', granularity: 'week', from: '2024-01', to: '2024-02' },
      'granularity',
    ],
    [
      'more than 366 days',
      { breakdown: 'topic', granularity: 'day', from: '2024-01-01', to: '2025-01-01' },
      'to',
    ],
    ['more than 120 months', { breakdown: 'topic', from: '2014', to: '2024-01' }, 'to'],
    ['a reversed range', { breakdown: 'topic', from: '2024-03', to: '2024-01' }, 'to'],
  ])('answers 400 for %s', async (_what, query, path) => {
    const { call } = setup();
    const res = await call('/api/counts', query);
    expect(res.statusCode).toBe(400);
    expect(res.json.issues.map((i: { path: string }) => i.path)).toContain(path);
  });

  it('says how long the range is when it is too long', async () => {
    const { call } = setup();
    const res = await call('/api/counts', {
      breakdown: 'all',
      granularity: 'day',
      from: '2024',
      to: '2025-01',
    });
    expect(res.json.message).toContain('397 days; at most 366');
  });

  it('accepts exactly 366 days and 120 months', async () => {
    const { call } = setup();
    expect(
      (await call('/api/counts', { breakdown: 'all', granularity: 'day', from: '2024', to: '2024' }))
        .statusCode,
    ).toBe(200);
    const months = await call('/api/counts', { breakdown: 'all', from: '2015', to: '2024' });
    expect(months.json.series).toHaveLength(120);
  });
});

describe('GET /api/uploads', () => {
  it('reports an ingested upload with its record', async () => {
    const { call } = setup();
    const res = await call('/api/uploads', { key: march.key });
    expect(res.json).toMatchObject({
      bucket: DROP,
      key: march.key,
      status: 'INGESTED',
      upload: { articleId: march.articleId },
    });
  });

  it('reports a rejected upload with its reason', async () => {
    const { call } = setup();
    const res = await call('/api/uploads', { bucket: DROP, key: 'incoming/empty.txt' });
    expect(res.json).toMatchObject({ status: 'REJECTED', upload: { reason: 'The file is empty.' } });
  });

  it('reports PENDING for an object that is in the bucket but not processed yet', async () => {
    const { call, objects } = setup();
    objects.objects.add(`${DROP}/incoming/new.txt`);
    const res = await call('/api/uploads', { key: 'incoming/new.txt' });
    expect(res.json).toEqual({ bucket: DROP, key: 'incoming/new.txt', status: 'PENDING' });
  });

  it('reports NOT_FOUND for a key that is neither stored nor in the bucket', async () => {
    const { call } = setup();
    const res = await call('/api/uploads', { key: 'incoming/never.txt' });
    expect(res.json).toEqual({ bucket: DROP, key: 'incoming/never.txt', status: 'NOT_FOUND' });
  });

  it('does not look into buckets other than the drop bucket', async () => {
    const { call, objects } = setup();
    const res = await call('/api/uploads', { bucket: 'someone-elses', key: 'x.txt' });
    expect(res.json.status).toBe('NOT_FOUND');
    expect(objects.asked).toEqual([]);
  });

  it('does not look outside the drop prefix, where nothing is ingested', async () => {
    const { call, objects } = setup();
    objects.objects.add(`${DROP}/elsewhere/file.txt`);
    const res = await call('/api/uploads', { key: 'elsewhere/file.txt' });
    expect(res.json.status).toBe('NOT_FOUND');
    expect(objects.asked).toEqual([]);
  });

  it('answers 400 without a key', async () => {
    const { call } = setup();
    const res = await call('/api/uploads', {});
    expect(res.statusCode).toBe(400);
    expect(res.json.issues).toEqual([{ path: 'key', message: 'is required' }]);
  });
});

describe('GET /api/failures', () => {
  it('lists rejected uploads, most recent first, page by page', async () => {
    const { call } = setup();
    const first = await call('/api/failures', { status: 'REJECTED', limit: '1' });
    expect(first.json.items.map((u: { key: string }) => u.key)).toEqual(['incoming/empty-too.txt']);
    const second = await call('/api/failures', { status: 'REJECTED', limit: '1', cursor: first.json.cursor });
    expect(second.json.items.map((u: { key: string }) => u.key)).toEqual(['incoming/empty.txt']);
    expect(second.json.cursor).toBeUndefined();
  });

  it('answers 400 for a status that is not REJECTED or FAILED', async () => {
    const { call } = setup();
    const res = await call('/api/failures', { status: 'INGESTED' });
    expect(res.statusCode).toBe(400);
    expect(res.json.issues[0]).toEqual({ path: 'status', message: 'must be one of REJECTED, FAILED' });
  });
});

describe('GET /api/meta', () => {
  it('lists what the filter dropdowns offer', async () => {
    const { call } = setup();
    const res = await call('/api/meta');
    expect(res.statusCode).toBe(200);
    expect(res.json.targets).toEqual(['russia', 'ukraine', 'west']);
    expect(res.json.topics).toHaveLength(17);
    expect(res.json.topics).toContain('politics');
    expect(res.json.stances).toEqual(['favor', 'against', 'neutral']);
    expect(res.json.alignments).toContain('pro_kremlin');
    expect(res.json.languages).toEqual(['de', 'en', 'ru']);
  });
});

describe('routing and errors', () => {
  it.each([
    ['an unknown path', '/api/nothing', 'GET'],
    ['a path outside the API', '/', 'GET'],
    ['a method the API does not serve', '/api/meta', 'POST'],
  ])('answers 404 for %s, naming the routes', async (_what, path, method) => {
    const { call } = setup();
    const res = await call(path, {}, method);
    expect(res.statusCode).toBe(404);
    expect(res.json.error).toBe('NotFound');
    expect(res.json.message).toContain('GET /api/articles/{articleId}');
  });

  it('serves the API under a named stage', async () => {
    const { handler } = setup();
    const event = apiEvent('/prod/api/meta');
    const res = await handler({ ...event, requestContext: { ...event.requestContext, stage: 'prod' } });
    expect(res.statusCode).toBe(200);
  });

  it('answers 500 with a generic message and logs the error', async () => {
    const { call, errors } = setup(new ExplodingQueries());
    const res = await call(`/api/articles/${march.articleId}`);
    expect(res.statusCode).toBe(500);
    expect(res.json.error).toBe('InternalError');
    expect(res.body).not.toContain('secret table detail');
    expect(errors).toHaveLength(1);
    expect(String(errors[0]?.[1] && (errors[0][1] as { error: Error }).error.message)).toContain(
      'secret table detail',
    );
  });
});
