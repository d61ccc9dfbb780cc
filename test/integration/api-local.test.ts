/**
 * The query API as local mode serves it: the Lambda entry point
 * (`lambdas/api/handler.ts`, configured from the environment like on AWS)
 * behind the local HTTP server, reading DynamoDB Local and the local S3
 * endpoint, asked over real HTTP, and through `npm run query`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoArticleStore } from '../../lambdas/adapters/dynamo-article-store';
import type { ApiResponse } from '../../lambdas/api/api-handler';
import { API_ROUTE_KEYS } from '../../lambdas/api/api-routes';
import { type ArticleRecord, ingestedUpload } from '../../lambdas/domain/article-record';
import { ensureTable, toCreateTableInput } from '../../local/article-table-setup';
import { type RunningDynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local';
import { type RunningHttpApiServer, startHttpApiServer } from '../../local/http-api-server';
import { claimablePort } from '../../local/ports';
import { type RunningS3Emulator, startS3Emulator } from '../../local/s3-emulator';
import { ARTICLE_TABLE } from '../../schema/article-table';
import { runQuery } from '../../scripts/query';
import { articleRecord, rejected } from '../handler/api/api-fixtures';

const TABLE = 'api-local-test';
const BUCKET = 'news-drop';

let dataDir: string;
let dynamo: RunningDynamoDbLocal;
let s3: RunningS3Emulator;
let server: RunningHttpApiServer;
let raw: DynamoDBClient;
const savedEnv = { ...process.env };

const articles: Record<string, ArticleRecord> = {
  january: articleRecord({
    title: 'January economy',
    date: '2024-01-08',
    topics: ['economy'],
    language: 'en',
  }),
  febPolitics: articleRecord({
    title: 'February politics',
    date: '2024-02-14',
    topics: ['politics'],
    source: 'rt.de',
  }),
  marPolitics: articleRecord({
    title: 'March politics and conflict',
    date: '2024-03-02',
    topics: ['politics', 'conflict'],
    russia: 'favor',
    alignment: 'pro_kremlin',
    source: 'rt.de',
  }),
  aprPolitics: articleRecord({
    title: 'April politics',
    date: '2024-04',
    topics: ['politics'],
    russia: 'neutral',
  }),
  mayHealth: articleRecord({ title: 'May health', date: '2024-05-30', topics: ['health'], language: 'ru' }),
};

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'api-local-'));
  [dynamo, s3] = await Promise.all([
    startDynamoDbLocal({ directory: path.join(dataDir, 'dynamodb'), port: 0 }),
    startS3Emulator({ directory: path.join(dataDir, 's3'), port: 0, buckets: [BUCKET], onEvent: () => {} }),
  ]);
  raw = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(raw, toCreateTableInput(ARTICLE_TABLE, TABLE));
  const store = new DynamoArticleStore(
    DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }),
    TABLE,
  );
  for (const record of Object.values(articles)) {
    await store.saveArticle(
      record,
      ingestedUpload({ bucket: BUCKET, key: record.key }, record.articleId, record.ingestedAt),
    );
  }
  await store.saveUpload(rejected('incoming/empty.txt', '2024-06-02T09:00:00.000Z', BUCKET));

  const s3Client = new S3Client({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    forcePathStyle: true,
  });
  await s3Client.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: 'incoming/waiting.txt', Body: 'Title\n\nBody.' }),
  );
  s3Client.destroy();

  // Configure the entry point exactly as local mode does, then load it.
  Object.assign(process.env, {
    TABLE_NAME: TABLE,
    DROP_BUCKET: BUCKET,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  let handler: ((event: never) => Promise<ApiResponse>) | undefined;
  jest.isolateModules(() => {
    handler = require('../../lambdas/api/handler').handler;
  });
  server = await startHttpApiServer({
    port: 0,
    handler: handler as never,
    routeKeys: API_ROUTE_KEYS,
  });
}, 120_000);

afterAll(async () => {
  process.env = savedEnv;
  await server?.close();
  raw?.destroy();
  await Promise.allSettled([dynamo?.stop(), s3?.stop()]);
  rmSync(dataDir, { recursive: true, force: true });
});

// biome-ignore lint/suspicious/noExplicitAny: responses are checked field by field.
type Json = any;

const get = async (pathAndQuery: string): Promise<{ status: number; type: string | null; json: Json }> => {
  const res = await fetch(`${server.url}${pathAndQuery.replace(/^\//, '')}`);
  return { status: res.status, type: res.headers.get('content-type'), json: await res.json() };
};

describe('query API in local mode', () => {
  it('lists a topic newest first from the index', async () => {
    const res = await get('/api/articles?topic=politics');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/json; charset=utf-8');
    expect(res.json.items.map((a: { title: string }) => a.title)).toEqual([
      'April politics',
      'March politics and conflict',
      'February politics',
    ]);
    expect(res.json.items[1]).toMatchObject({
      source: 'rt.de',
      alignment: 'pro_kremlin',
      stance: { russia: 'favor' },
    });
  });

  it('pages through a list with the cursor DynamoDB gives', async () => {
    const titles: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await get(
        `/api/articles?language=de&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(res.status).toBe(200);
      titles.push(...res.json.items.map((a: { title: string }) => a.title));
      cursor = res.json.cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(titles).toEqual(['April politics', 'March politics and conflict', 'February politics']);
    expect(pages).toBeGreaterThanOrEqual(2);
  });

  it('filters by target and stance in a date range', async () => {
    const res = await get('/api/articles?target=russia&stance=against&from=2024-01&to=2024-03');
    expect(res.json.items.map((a: { title: string }) => a.title)).toEqual([
      'February politics',
      'January economy',
    ]);
  });

  it('returns a zero-filled count series summed over the counter shards', async () => {
    const res = await get('/api/counts?breakdown=topic&from=2024-01&to=2024-06');
    expect(res.status).toBe(200);
    expect(res.json.series).toEqual([
      { period: '2024-01', counts: { economy: 1 } },
      { period: '2024-02', counts: { politics: 1 } },
      { period: '2024-03', counts: { politics: 1, conflict: 1 } },
      { period: '2024-04', counts: { politics: 1 } },
      { period: '2024-05', counts: { health: 1 } },
      { period: '2024-06', counts: {} },
    ]);
    const days = await get('/api/counts?breakdown=all&granularity=day&from=2024-03-01&to=2024-03-03');
    expect(days.json.series).toEqual([
      { period: '2024-03-01', counts: {} },
      { period: '2024-03-02', counts: { all: 1 } },
      { period: '2024-03-03', counts: {} },
    ]);
  });

  it('returns one article with evidence offsets that index its text', async () => {
    const record = articles.marPolitics as ArticleRecord;
    const res = await get(`/api/articles/${record.articleId}`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ articleId: record.articleId, title: record.title, body: record.body });
    const [evidence] = res.json.stance.russia.evidence;
    expect(record.body.slice(evidence.start, evidence.end)).toBe(evidence.phrase);
    expect(res.json.pk).toBeUndefined();
  });

  it('answers 404 for an unknown article', async () => {
    const res = await get('/api/articles/ffffffffffffffffffff');
    expect(res.status).toBe(404);
    expect(res.json.error).toBe('NotFound');
  });

  it('tells what happened to an upload: ingested, rejected, pending or not found', async () => {
    const ingested = await get(
      `/api/uploads?key=${encodeURIComponent((articles.january as ArticleRecord).key)}`,
    );
    expect(ingested.json).toMatchObject({
      bucket: BUCKET,
      status: 'INGESTED',
      upload: { articleId: articles.january?.articleId },
    });
    expect((await get('/api/uploads?key=incoming%2Fempty.txt')).json).toMatchObject({
      status: 'REJECTED',
      upload: { errorCode: 'EMPTY' },
    });
    expect((await get('/api/uploads?key=incoming%2Fwaiting.txt')).json).toEqual({
      bucket: BUCKET,
      key: 'incoming/waiting.txt',
      status: 'PENDING',
    });
    expect((await get('/api/uploads?key=incoming%2Fnever.txt')).json.status).toBe('NOT_FOUND');
  });

  it('lists rejected uploads', async () => {
    const res = await get('/api/failures?status=REJECTED');
    expect(res.json.items.map((u: { key: string }) => u.key)).toEqual(['incoming/empty.txt']);
  });

  it('answers 400 with a reason for bad input, including a forged cursor', async () => {
    const bad = await get('/api/articles?topic=politics&source=rt.de&limit=500');
    expect(bad.status).toBe(400);
    expect(bad.json.issues.map((i: { path: string }) => i.path).sort()).toEqual(['', 'limit']);
    const forged = await get('/api/articles?topic=politics&cursor=bm90LWEtY3Vyc29y');
    expect(forged.status).toBe(400);
    expect(forged.json.issues[0].path).toBe('cursor');
  });
});

describe('npm run query against local mode', () => {
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runQuery([...argv, '--endpoint', server.url], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      width: 140,
      env: {},
      readFile: () => '',
    });
    return { code, out: out.join(''), err: err.join('') };
  };

  it('prints articles as a table', async () => {
    const { code, out } = await run('articles', '--topic', 'politics', '--limit', '2');
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^DATE\s+LANG\s+SOURCE\s+TOPIC\s+ALIGNMENT\s+STANCE\s+ID\s+TITLE$/);
    expect(lines[1]).toMatch(
      /^2024-04\s+de\s+-\s+politics\s+pro_western\s+russia:neutral\s+[0-9a-f]{20}\s+April politics$/,
    );
    expect(out).toContain('next page: --cursor ');
  });

  it('prints counts as a table and raw JSON with --json', async () => {
    const table = await run('counts', '--breakdown', 'language', '--from', '2024-01', '--to', '2024-02');
    expect(table.out).toContain('PERIOD   de  en  TOTAL');
    const json = await run('counts', '--breakdown', 'all', '--from', '2024-05', '--to', '2024-05', '--json');
    expect(JSON.parse(json.out)).toEqual({
      granularity: 'month',
      basis: 'published',
      breakdown: 'all',
      series: [{ period: '2024-05', counts: { all: 1 } }],
    });
  });

  it('prints rejected and failed uploads together', async () => {
    const { code, out } = await run('failures');
    expect(code).toBe(0);
    expect(out).toMatch(/REJECTED\s+EMPTY\s+incoming\/empty\.txt\s+The file is empty\./);
  });

  it('prints the API reason and exits 1 on a bad request', async () => {
    const { code, err } = await run('articles');
    expect(code).toBe(1);
    expect(err).toContain('400: Invalid request: give exactly one filter');
  });

  it('asks whether npm start is running when nothing listens', async () => {
    const closed = await claimablePort(0, '127.0.0.1', 'LOCAL_HTTP_PORT');
    const err: string[] = [];
    const code = await runQuery(['meta'], {
      out: () => {},
      err: (t) => err.push(t),
      width: 80,
      env: { LOCAL_HTTP_PORT: String(closed) },
      readFile: () => '',
    });
    expect(code).toBe(1);
    expect(err.join('')).toContain(`nothing is listening on 127.0.0.1:${closed}: is \`npm start\` running?`);
  });
});
