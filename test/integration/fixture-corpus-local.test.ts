/**
 * Issue 4's end-to-end check: every file of the fixture corpus, uploaded
 * through the local S3 endpoint under an odd key, ends in exactly the status
 * its manifest expects; nothing stays pending and nothing is lost; every
 * rejection is listed by the failed-inputs query.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoArticleQueries } from '../../lambdas/adapters/dynamo-article-queries';
import { sightingKey, type UploadRecord } from '../../lambdas/domain/article-record';
import { type LocalPipeline, startLocalPipeline } from '../../local/local-pipeline';
import { keys } from '../../schema/article-table';

interface Expected {
  status: 'INGESTED' | 'REJECTED';
  title?: string;
  date?: string | null;
  datePrecision?: string | null;
  language?: string;
  bodyPrefix?: string;
  code?: string;
  reason?: string;
  lines?: (Expected & { line: number })[];
}

const FIXTURES = path.resolve(__dirname, '../fixtures/inputs');
const manifest = JSON.parse(readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8')) as {
  files: Record<string, Expected>;
};
const PREFIX = 'incoming/';
/** Every file goes under an outlet folder with a space, a plus and a non-ASCII letter. */
const keyOf = (name: string) => `${PREFIX}corpus + tësts/${name}`;

let pipeline: LocalPipeline;
let dataDir: string;
let documents: DynamoDBDocumentClient;
let s3: S3Client;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'corpus-'));
  pipeline = await startLocalPipeline({ dataDir, s3Port: 0, dynamoPort: 0, batchWindowMs: 50 });
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  // A default-configured client, as users have: the local endpoint must cope with aws-chunked uploads.
  s3 = new S3Client({
    endpoint: pipeline.s3Endpoint,
    region: pipeline.region,
    credentials,
    forcePathStyle: true,
  });
  documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: pipeline.dynamoEndpoint, region: pipeline.region, credentials }),
  );
  const names = readdirSync(FIXTURES).filter((name) => name in manifest.files);
  expect(names).toHaveLength(Object.keys(manifest.files).length);
  for (const name of names) {
    await s3.send(
      new PutObjectCommand({
        Bucket: pipeline.bucket,
        Key: keyOf(name),
        Body: readFileSync(path.join(FIXTURES, name)),
      }),
    );
  }
  await pipeline.drain(180_000);
}, 300_000);

afterAll(async () => {
  s3?.destroy();
  documents?.destroy();
  await pipeline?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const getItem = async (key: Record<string, string>) =>
  (await documents.send(new GetCommand({ TableName: pipeline.table, Key: key, ConsistentRead: true }))).Item;

/**
 * The corpus carries some texts in several formats: they are one article with
 * several sightings, so the date each file gave is checked on its sighting.
 */
async function expectArticle(articleId: unknown, expected: Expected, key: string, line?: number) {
  const article = await getItem(keys.article(String(articleId)));
  expect({ key, title: article?.title, language: article?.language }).toEqual({
    key,
    title: expected.title,
    language: expected.language,
  });
  const sighting = article?.sightings?.[sightingKey(pipeline.bucket, key, line)];
  expect({ key, date: sighting?.date ?? null, precision: sighting?.datePrecision ?? null }).toEqual({
    key,
    date: expected.date ?? null,
    precision: expected.datePrecision ?? null,
  });
  const body = String(article?.body ?? '');
  expect({ key, body: body.startsWith(expected.bodyPrefix ?? '') }).toEqual({ key, body: true });
}

describe('the fixture corpus through local mode', () => {
  it.each(Object.entries(manifest.files))('%s ends as expected', async (name, expected) => {
    const key = keyOf(name);
    const upload = (await getItem(keys.object(pipeline.bucket, key))) as UploadRecord | undefined;
    expect({ key, status: upload?.status }).toEqual({ key, status: expected.status });

    if (!expected.lines) {
      if (expected.status === 'INGESTED') await expectArticle(upload?.articleId, expected, key);
      else {
        expect({ key, code: upload?.errorCode }).toEqual({ key, code: expected.code });
        expect(upload?.reason?.toLowerCase()).toContain(String(expected.reason).toLowerCase());
      }
      return;
    }
    expect(upload?.lines?.total).toBe(expected.lines.length);
    for (const line of expected.lines) {
      const item = (await getItem(keys.objectLine(pipeline.bucket, key, line.line))) as
        | UploadRecord
        | undefined;
      expect({ key, line: line.line, status: item?.status }).toEqual({
        key,
        line: line.line,
        status: line.status,
      });
      if (line.status === 'INGESTED') await expectArticle(item?.articleId, line, key, line.line);
      else expect(item?.errorCode).toBe(line.code);
    }
  });

  it('leaves every original object in the bucket, byte for byte', async () => {
    for (const name of Object.keys(manifest.files)) {
      const object = await s3.send(new GetObjectCommand({ Bucket: pipeline.bucket, Key: keyOf(name) }));
      const bytes = await object.Body?.transformToByteArray();
      expect(Buffer.from(bytes ?? []).equals(readFileSync(path.join(FIXTURES, name)))).toBe(true);
    }
  });

  it('lists every rejected upload and rejected line in the failed-inputs query', async () => {
    const queries = new DynamoArticleQueries(documents, pipeline.table);
    const listed = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await queries.listFailures('REJECTED', { limit: 100, cursor });
      for (const u of page.items) listed.add(u.line === undefined ? u.key : `${u.key}#L${u.line}`);
      cursor = page.cursor;
    } while (cursor);

    const expected = Object.entries(manifest.files).flatMap(([name, e]) => [
      ...(e.status === 'REJECTED' ? [keyOf(name)] : []),
      ...(e.lines ?? []).filter((l) => l.status === 'REJECTED').map((l) => `${keyOf(name)}#L${l.line}`),
    ]);
    expect([...listed].sort()).toEqual(expected.sort());
  });

  it('has nothing pending and nothing dead-lettered', async () => {
    expect(pipeline.queue.depth).toBe(0);
    const { Items } = await documents.send(
      new QueryCommand({
        TableName: pipeline.table,
        IndexName: 'byFacet',
        KeyConditionExpression: 'facet = :f',
        ExpressionAttributeValues: { ':f': 'STATUS#FAILED' },
      }),
    );
    expect(Items ?? []).toEqual([]);
  });
});
