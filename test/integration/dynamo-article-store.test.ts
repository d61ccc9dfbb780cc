/**
 * The DynamoDB store against DynamoDB Local, over the wire: idempotency,
 * event ordering, concurrent merges and index maintenance.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoArticleQueries } from '../../lambdas/adapters/dynamo-article-queries';
import { DynamoArticleStore } from '../../lambdas/adapters/dynamo-article-store';
import type { ParsedArticle } from '../../lambdas/domain/article';
import {
  buildArticleRecord,
  bulkUpload,
  ingestedUpload,
  normaliseSequencer,
  type ObjectRef,
  rejectedUpload,
} from '../../lambdas/domain/article-record';
import type { Classification } from '../../lambdas/domain/classification';
import { InvalidCursorError } from '../../lambdas/domain/queries';
import { ensureTable, toCreateTableInput } from '../../local/article-table-setup';
import { type RunningDynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local';
import { ARTICLE_TABLE, dateRangeBounds, FACET_INDEX, facets, keys } from '../../schema/article-table';
import { FixedClassifier } from '../support/in-memory-ports';

const TABLE = 'store-test';
let dynamo: RunningDynamoDbLocal;
let dataDir: string;
let client: DynamoDBDocumentClient;
let store: DynamoArticleStore;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'store-test-'));
  dynamo = await startDynamoDbLocal({ directory: dataDir, port: 0 });
  const raw = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(raw, toCreateTableInput(ARTICLE_TABLE, TABLE));
  client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  store = new DynamoArticleStore(client, TABLE);
}, 120_000);

afterAll(async () => {
  client?.destroy();
  await dynamo?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

let counter = 0;
const article = (body: string, date = '2024-03'): ParsedArticle => ({
  title: 'Store test',
  body,
  date,
  datePrecision: 'month',
  relatedHeadlines: [],
  language: 'de',
  wordCount: 4,
  format: 'plain',
});
const classification = (version = 'test-1', topic = 'conflict'): Classification => ({
  ...new FixedClassifier().classify({ text: '' }),
  topics: [{ slug: topic, score: 0.9 }],
  classifier: { name: 'fixed', version },
});
const ref = (key: string, sequencer: string): ObjectRef => ({
  bucket: 'b',
  key,
  versionId: `v${sequencer}`,
  etag: `e${sequencer}`,
  sequencer: normaliseSequencer(sequencer),
});
const save = (body: string, r: ObjectRef, c = classification(), now = new Date().toISOString()) => {
  const record = buildArticleRecord({ ref: r, article: article(body), classification: c, now });
  return { record, outcome: store.saveArticle(record, ingestedUpload(r, record.articleId, now)) };
};
const getArticle = async (id: string) =>
  (await client.send(new GetCommand({ TableName: TABLE, Key: keys.article(id), ConsistentRead: true }))).Item;
const getUpload = async (key: string) =>
  (await client.send(new GetCommand({ TableName: TABLE, Key: keys.object('b', key), ConsistentRead: true })))
    .Item;
const byFacet = async (facet: string) =>
  (
    await client.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: FACET_INDEX,
        KeyConditionExpression: 'facet = :f',
        ExpressionAttributeValues: { ':f': facet },
      }),
    )
  ).Items ?? [];
interface StoredArticle {
  topics: { slug: string }[];
  stance: Record<string, { label: string }>;
  alignment: { label: string };
  language: string;
  source?: string;
  date?: string;
  ingestedAt: string;
}
const unique = () => `body ${++counter} ${Date.now()}`;

describe('DynamoArticleStore on DynamoDB Local', () => {
  it('writes the article, its upload and its index entries in one go', async () => {
    const body = unique();
    const { record, outcome } = save(body, ref('incoming/a.txt', '10'));
    expect(await outcome).toBe('created');

    expect(await getArticle(record.articleId)).toMatchObject({ status: 'INGESTED', sightingCount: 1 });
    expect(await getUpload('incoming/a.txt')).toMatchObject({
      status: 'INGESTED',
      articleId: record.articleId,
    });
    const entries = await byFacet(facets.topic('conflict'));
    expect(entries.filter((e) => e.articleId === record.articleId)).toHaveLength(1);
    expect((await byFacet(facets.stance('russia', 'favor'))).map((e) => e.articleId)).toContain(
      record.articleId,
    );
  });

  it('changes nothing when the same event is applied twice', async () => {
    const body = unique();
    const first = save(body, ref('incoming/twice.txt', '20'));
    await first.outcome;
    const before = await getArticle(first.record.articleId);

    const again = save(body, ref('incoming/twice.txt', '20'));
    expect(await again.outcome).toBe('unchanged');
    expect(await getArticle(first.record.articleId)).toEqual(before);
  });

  it('ignores an older event that arrives after a newer one for the same key', async () => {
    const newer = save(unique(), ref('incoming/order.txt', '0200'));
    await newer.outcome;
    const older = save(unique(), ref('incoming/order.txt', 'FF'));

    expect(await older.outcome).toBe('stale');
    expect(await getUpload('incoming/order.txt')).toMatchObject({ articleId: newer.record.articleId });
    expect(await getArticle(older.record.articleId)).toBeUndefined();
  });

  it('merges concurrent uploads of one article under many keys into one record', async () => {
    const body = unique();
    const saves = Array.from({ length: 6 }, (_, i) => save(body, ref(`incoming/copy-${i}.txt`, `3${i}`)));
    await Promise.all(saves.map((s) => s.outcome));

    const item = await getArticle(saves[0]?.record.articleId ?? '');
    expect(item?.sightingCount).toBe(6);
    expect(Object.keys(item?.sightings ?? {})).toHaveLength(6);
    const entries = await byFacet(facets.topic('conflict'));
    expect(entries.filter((e) => e.articleId === saves[0]?.record.articleId)).toHaveLength(1);
  });

  it('moves index entries when an article is reclassified', async () => {
    const body = unique();
    const first = save(body, ref('incoming/re.txt', '40'), classification('v1', 'economy'));
    await first.outcome;
    const second = save(body, ref('incoming/re-again.txt', '41'), classification('v2', 'health'));
    await second.outcome;

    const id = first.record.articleId;
    expect((await byFacet(facets.topic('economy'))).map((e) => e.articleId)).not.toContain(id);
    expect((await byFacet(facets.topic('health'))).map((e) => e.articleId)).toContain(id);
    expect(await getArticle(id)).toMatchObject({ primaryTopic: 'health', classifier: { version: 'v2' } });
  });

  it('answers a topic date range with a Query, newest first', async () => {
    const topic = `range-${Date.now()}`;
    const dates = ['2023-12', '2024-01-15', '2024-02', '2024-03-31', '2024-04'];
    for (const [i, date] of dates.entries()) {
      const r = ref(`incoming/range-${i}.txt`, `6${i}`);
      const record = buildArticleRecord({
        ref: r,
        article: article(unique(), date),
        classification: classification('test-1', topic),
        now: new Date().toISOString(),
      });
      await store.saveArticle(record, ingestedUpload(r, record.articleId, record.ingestedAt));
    }
    const { lower, upper } = dateRangeBounds('2024-01', '2024-03');
    const { Items } = await client.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: FACET_INDEX,
        KeyConditionExpression: 'facet = :f AND facetSort BETWEEN :lower AND :upper',
        ExpressionAttributeValues: { ':f': facets.topic(topic), ':lower': lower, ':upper': upper },
        ScanIndexForward: false,
      }),
    );
    expect(Items?.map((i) => i.date)).toEqual(['2024-03-31', '2024-02', '2024-01-15']);
  });

  it('lists a rejected upload until a newer version of the key is ingested', async () => {
    const key = 'incoming/bad-then-good.txt';
    const now = new Date().toISOString();
    await store.saveUpload(
      rejectedUpload(ref(key, '50'), { code: 'EMPTY', reason: 'The file is empty.' }, now),
    );
    expect((await byFacet(facets.status('REJECTED'))).map((e) => e.key)).toContain(key);

    await save(unique(), ref(key, '51')).outcome;
    expect((await byFacet(facets.status('REJECTED'))).map((e) => e.key)).not.toContain(key);
    expect(await getUpload(key)).toMatchObject({ status: 'INGESTED' });
  });

  it('keeps counters equal to a brute-force recount of the records, through duplicates and reclassification', async () => {
    // Everything the tests above wrote (duplicates, redeliveries, stale events, a reclassification) plus a redelivery burst.
    const body = unique();
    await save(body, ref('incoming/count.txt', '70')).outcome;
    await Promise.all([1, 2, 3].map(() => save(body, ref('incoming/count.txt', '70')).outcome));
    const sourced = ref('incoming/rt.de/count.txt', '71');
    const withSource = buildArticleRecord({
      ref: sourced,
      article: article(unique(), '2024-05-06'),
      classification: classification(),
      source: 'rt.de',
      now: new Date().toISOString(),
    });
    await store.saveArticle(withSource, ingestedUpload(sourced, withSource.articleId, withSource.ingestedAt));

    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({ TableName: TABLE, ExclusiveStartKey: start, ConsistentRead: true }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);

    // Recount from the article records' own fields, independently of the production code.
    const expected = new Map<string, number>();
    const bump = (cell: string) => expected.set(cell, (expected.get(cell) ?? 0) + 1);
    for (const a of items.filter((i) => i.sk === 'ARTICLE') as unknown as StoredArticle[]) {
      const values = ['ALL', ...a.topics.map((t: { slug: string }) => `TOPIC#${t.slug}`)];
      for (const [target, s] of Object.entries<{ label: string }>(a.stance)) {
        if (s.label !== 'none') values.push(`STANCE#${target}#${s.label}`);
      }
      values.push(`ALIGNMENT#${a.alignment.label}`, `LANG#${a.language}`);
      if (a.source) values.push(`SOURCE#${a.source}`, `SOURCE_ALIGNMENT#${a.source}#${a.alignment.label}`);
      const periods = [
        `ingested|month|${a.ingestedAt.slice(0, 7)}`,
        `ingested|day|${a.ingestedAt.slice(0, 10)}`,
      ];
      if (a.date) periods.push(`published|month|${a.date.slice(0, 7)}`);
      if (a.date && a.date.length >= 10) periods.push(`published|day|${a.date.slice(0, 10)}`);
      for (const p of periods) for (const v of values) bump(`${p}|${v}`);
    }

    const actual = new Map<string, number>();
    for (const c of items.filter((i) => String(i.pk).startsWith('COUNT#'))) {
      const [, basis, granularity] = String(c.pk).split('#');
      for (const [name, n] of Object.entries(c)) {
        if (name === 'pk' || name === 'sk' || n === 0) continue;
        const cell = `${basis}|${granularity}|${c.sk}|${name}`;
        actual.set(cell, (actual.get(cell) ?? 0) + Number(n));
      }
    }
    expect(Object.fromEntries([...actual].sort())).toEqual(Object.fromEntries([...expected].sort()));
    expect(expected.size).toBeGreaterThan(20);
  });

  it('removes the lines a shorter new version of a bulk file no longer has', async () => {
    const key = 'incoming/bulk.jsonl';
    const now = new Date().toISOString();
    const writeVersion = async (sequencer: string, total: number) => {
      for (let line = 1; line <= total; line++) {
        await store.saveUpload(
          rejectedUpload({ ...ref(key, sequencer), line }, { code: 'NO_BODY', reason: `line ${line}` }, now),
        );
      }
      await store.saveUpload(bulkUpload(ref(key, sequencer), { total, ingested: 0, rejected: total }, now));
    };
    await writeVersion('90', 4);
    await writeVersion('91', 2);

    const { Items } = await client.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.object('b', key).pk },
      }),
    );
    expect(Items?.map((i) => i.sk)).toEqual(['LINE#0000001', 'LINE#0000002', 'OBJECT']);
    expect(Items?.every((i) => i.sequencer === normaliseSequencer('91'))).toBe(true);
  });

  describe('queries', () => {
    const queries = () => new DynamoArticleQueries(client, TABLE);

    it('pages through a facet with a cursor, newest first, without repeats', async () => {
      const topic = `paged-${Date.now()}`;
      for (let i = 0; i < 5; i++) {
        const r = ref(`incoming/paged-${i}.txt`, `8${i}`);
        const record = buildArticleRecord({
          ref: r,
          article: article(unique(), `2024-0${i + 1}`),
          classification: classification('test-1', topic),
          now: new Date().toISOString(),
        });
        await store.saveArticle(record, ingestedUpload(r, record.articleId, record.ingestedAt));
      }
      const seen: (string | undefined)[] = [];
      let cursor: string | undefined;
      do {
        const page = await queries().listArticles(facets.topic(topic), { limit: 2, cursor });
        seen.push(...page.items.map((a) => a.date));
        cursor = page.cursor;
      } while (cursor);
      expect(seen).toEqual(['2024-05', '2024-04', '2024-03', '2024-02', '2024-01']);
    });

    it('refuses a cursor it did not issue', async () => {
      await expect(queries().listArticles(facets.topic('x'), { cursor: 'not-a-cursor' })).rejects.toThrow(
        InvalidCursorError,
      );
    });

    it('sums the counter shards into a time series', async () => {
      const series = await queries().countSeries({
        basis: 'published',
        granularity: 'month',
        from: '2024-01',
        to: '2024-05',
        dimensions: ['ALL', 'TOPIC#'],
      });
      expect(series.map((p) => p.period)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04', '2024-05']);
      const january = series[0]?.counts ?? {};
      expect(Object.keys(january).every((k) => k === 'ALL' || k.startsWith('TOPIC#'))).toBe(true);
      const byTopic = Object.entries(january).filter(([k]) => k.startsWith('TOPIC#'));
      expect(byTopic.reduce((n, [, v]) => n + v, 0)).toBe(january.ALL);
    });

    it('answers what happened to an upload', async () => {
      expect(await queries().getUpload('b', 'incoming/a.txt')).toMatchObject({ status: 'INGESTED' });
      expect(await queries().getUpload('b', 'incoming/never.txt')).toBeUndefined();
      const rejected = await queries().listFailures('REJECTED');
      expect(rejected.items.every((u) => u.status === 'REJECTED')).toBe(true);
    });
  });
});
