/**
 * The local pipeline end to end, through the real SDK v3 over the wire:
 * s3rver behind the aws-chunked proxy, DynamoDB Local, the local queue and
 * the real ingest handler. No mocks.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { type LocalPipeline, startLocalPipeline } from '../../local/local-pipeline';
import type { DeliveryReport } from '../../local/local-queue';
import { createLambdaContext } from '../../local/sqs-event';
import { keys } from '../../schema/article-table';

const SAMPLE = path.resolve(__dirname, '../../../shared/samples/000_f2541a07a88647a1.txt');
// Any credentials work locally, even ones DynamoDB Local itself would refuse (a hyphen in the key id).
const credentials = { accessKeyId: 'any-key', secretAccessKey: 'any-secret' };

type Item = Record<string, unknown>;

describe('local pipeline', () => {
  let dataDir: string;
  let pipeline: LocalPipeline;
  let s3: S3Client;
  let documents: DynamoDBDocumentClient;
  const deliveries: DeliveryReport[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'local-pipeline-'));
    pipeline = await startLocalPipeline({
      dataDir,
      s3Port: 0,
      dynamoPort: 0,
      batchWindowMs: 50,
      logLevel: 'ERROR',
      onDelivery: (report) => deliveries.push(report),
    });
    s3 = new S3Client({
      endpoint: pipeline.s3Endpoint,
      region: pipeline.region,
      credentials,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: pipeline.dynamoEndpoint, region: pipeline.region, credentials }),
    );
  }, 120_000);

  afterAll(async () => {
    s3?.destroy();
    documents?.destroy();
    await pipeline?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  const put = async (key: string, body: Buffer): Promise<void> => {
    await s3.send(
      new PutObjectCommand({ Bucket: pipeline.bucket, Key: key, Body: body, ContentLength: body.length }),
    );
    await pipeline.drain(30_000);
  };
  const getItem = async (key: { pk: string; sk: string }): Promise<Item | undefined> =>
    (await documents.send(new GetCommand({ TableName: pipeline.table, Key: key, ConsistentRead: true })))
      .Item;
  const uploadItem = (key: string) => getItem(keys.object(pipeline.bucket, key));

  describe('the shared sample', () => {
    const firstKey = 'incoming/000_f2541a07a88647a1.txt';
    const secondKey = 'incoming/Kopie von Bericht+Rüstung.txt';
    let articleKey: { pk: string; sk: string };

    beforeAll(async () => {
      await put(firstKey, readFileSync(SAMPLE));
    }, 60_000);

    it('becomes one INGESTED article with the parsed title, month date and language', async () => {
      const upload = await uploadItem(firstKey);
      expect(upload).toMatchObject({ status: 'INGESTED' });
      articleKey = keys.article(String(upload?.articleId));
      const article = await getItem(articleKey);
      expect(article).toMatchObject({
        status: 'INGESTED',
        title:
          'Medienbericht: Ukraine versucht Rüstungsgüter russischer Produktion über Kasachstan einzukaufen',
        date: '2024-03',
        language: 'de',
        sightingCount: 1,
      });
      expect(Object.keys((article?.sightings as Item) ?? {})).toEqual([
        `s3://${pipeline.bucket}/${firstKey}`,
      ]);
    });

    it('stays one article, with two sightings, when uploaded again under another key', async () => {
      await put(secondKey, readFileSync(SAMPLE));
      const first = await uploadItem(firstKey);
      const second = await uploadItem(secondKey);
      expect(second).toMatchObject({ status: 'INGESTED', articleId: first?.articleId });
      const article = await getItem(keys.article(String(second?.articleId)));
      expect(article?.sightingCount).toBe(2);
      expect(Object.keys((article?.sightings as Item) ?? {}).sort()).toEqual(
        [`s3://${pipeline.bucket}/${firstKey}`, `s3://${pipeline.bucket}/${secondKey}`].sort(),
      );
    });

    it('changes nothing when the same SQS message is delivered again', async () => {
      const delivery = deliveries.find((report) =>
        report.records.some((record) => record.body.includes('Kopie+von+Bericht%2BR%C3%BCstung.txt')),
      );
      expect(delivery).toBeDefined();
      const event = delivery?.event as SQSEvent;
      const articleBefore = await getItem(articleKey);
      const uploadBefore = await uploadItem(secondKey);

      const response = await pipeline.handler(
        event,
        createLambdaContext({ functionName: 'news-ingest-local', region: pipeline.region }),
      );

      expect(response?.batchItemFailures ?? []).toEqual([]);
      expect(await getItem(articleKey)).toEqual(articleBefore);
      expect(await uploadItem(secondKey)).toEqual(uploadBefore);
    });

    it('keeps the record when the object is deleted', async () => {
      await s3.send(new DeleteObjectCommand({ Bucket: pipeline.bucket, Key: secondKey }));
      await pipeline.drain(30_000);
      const article = await getItem(articleKey);
      expect(article?.sightingCount).toBe(2);
      expect(await uploadItem(secondKey)).toMatchObject({ status: 'INGESTED' });
    });
  });

  it('records an empty file as REJECTED with a reason', async () => {
    await put('incoming/empty.txt', Buffer.alloc(0));
    const upload = await uploadItem('incoming/empty.txt');
    expect(upload).toMatchObject({ status: 'REJECTED' });
    expect(String(upload?.reason ?? '')).not.toBe('');
  });

  it('ignores uploads outside the prefix', async () => {
    const before = deliveries.length;
    await put('elsewhere/000.txt', readFileSync(SAMPLE));
    expect(deliveries.length).toBe(before);
    expect(await uploadItem('elsewhere/000.txt')).toBeUndefined();
  });
});
