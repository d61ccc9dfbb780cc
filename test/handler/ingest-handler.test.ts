import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { IngestService } from '../../lambdas/domain/ingest';
import { createIngestHandler } from '../../lambdas/ingest/ingest-handler';
import { FixedClassifier, InMemoryArticleSource, InMemoryArticleStore } from '../support/in-memory-ports';
import { lambdaContext } from '../support/lambda-context';

const fixture = (name: string): SQSEvent =>
  JSON.parse(readFileSync(path.join(__dirname, '../fixtures/events', name), 'utf8')) as SQSEvent;
const sampleText = readFileSync(
  path.resolve(__dirname, '../../../shared/samples/000_f2541a07a88647a1.txt'),
  'utf8',
);

const BUCKET = 'news-drop';
const DECODED_KEY = 'incoming/rt.de/München Bericht + Analyse.txt';

/** An SQS record like the fixture's, announcing other objects. */
function sqsRecord(
  messageId: string,
  objects: { key: string; eventName?: string; sequencer?: string }[],
  receiveCount = 1,
): SQSRecord {
  const template = fixture('sqs-s3-put.json').Records[0] as SQSRecord;
  const s3Event = JSON.parse(template.body);
  const [first] = s3Event.Records;
  s3Event.Records = objects.map((o, i) => ({
    ...first,
    eventName: o.eventName ?? 'ObjectCreated:Put',
    s3: {
      ...first.s3,
      object: { ...first.s3.object, key: o.key, sequencer: o.sequencer ?? `0055AED6DCD90281E${i}` },
    },
  }));
  return {
    ...template,
    messageId,
    body: JSON.stringify(s3Event),
    attributes: { ...template.attributes, ApproximateReceiveCount: String(receiveCount) },
  };
}

function setup() {
  const source = new InMemoryArticleSource();
  const store = new InMemoryArticleStore();
  const classifier = new FixedClassifier();
  const service = new IngestService({
    source,
    store,
    classifier,
    prefix: 'incoming/',
    maxObjectBytes: 1_000_000,
  });
  const handler = createIngestHandler({
    service,
    prefix: 'incoming/',
    maxReceiveCount: 3,
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Test', serviceName: 'test' }),
  });
  return { source, store, classifier, handler };
}

function setupWithMetrics() {
  const source = new InMemoryArticleSource();
  const service = new IngestService({
    source,
    store: new InMemoryArticleStore(),
    classifier: new FixedClassifier(),
    prefix: 'incoming/',
    maxObjectBytes: 1_000_000,
  });
  const handler = createIngestHandler({
    service,
    prefix: 'incoming/',
    maxReceiveCount: 3,
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'NewsPipeline', serviceName: 'news-ingest' }),
  });
  return { source, handler };
}

beforeEach(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

describe('ingest handler', () => {
  it('decodes the URL-encoded key of a real S3-in-SQS event and stores one article', async () => {
    const { source, store, handler } = setup();
    source.put(BUCKET, DECODED_KEY, sampleText);

    const response = await handler(fixture('sqs-s3-put.json'), lambdaContext());

    expect(response.batchItemFailures).toEqual([]);
    expect(source.reads.map((r) => r.key)).toEqual([DECODED_KEY]);
    const [article] = [...store.articles.values()];
    expect(store.articles.size).toBe(1);
    expect(article).toMatchObject({
      status: 'INGESTED',
      bucket: BUCKET,
      key: DECODED_KEY,
      versionId: '096fKKXTRTtl3on89fVO.nfljtsv6qko',
      etag: 'd41d8cd98f00b204e9800998ecf8427e',
      date: '2024-03',
      datePrecision: 'month',
      language: 'de',
      photoCredit: 'Gettyimages.ru © Geem Drake/SOPA Images/LightRocket',
      source: 'rt.de',
      primaryTopic: 'conflict',
      classifier: { name: 'fixed-test-classifier', version: 'test-1' },
    });
    expect(article?.title).toMatch(/^Medienbericht: Ukraine versucht/);
    expect(article?.relatedHeadlines).toHaveLength(1);
    expect(store.uploads.get(`${BUCKET}/${DECODED_KEY}`)).toMatchObject({
      status: 'INGESTED',
      articleId: article?.articleId,
    });
  });

  it('acknowledges an s3:TestEvent without reading or writing anything', async () => {
    const { source, store, handler } = setup();

    const response = await handler(fixture('sqs-s3-test-event.json'), lambdaContext());

    expect(response.batchItemFailures).toEqual([]);
    expect(source.reads).toEqual([]);
    expect(store.uploads.size).toBe(0);
  });

  it('handles every S3 record of every message, not only the first', async () => {
    const { source, store, handler } = setup();
    source.put(BUCKET, 'incoming/a.txt', 'First title\n\nFirst body about the harbour.');
    source.put(BUCKET, 'incoming/b.txt', 'Second title\n\nSecond body about the mountains.');
    source.put(BUCKET, 'incoming/c.txt', 'Third title\n\nThird body about the river.');
    const event: SQSEvent = {
      Records: [
        sqsRecord('m1', [{ key: 'incoming/a.txt' }, { key: 'incoming/b.txt' }]),
        sqsRecord('m2', [{ key: 'incoming/c.txt' }]),
      ],
    };

    const response = await handler(event, lambdaContext());

    expect(response.batchItemFailures).toEqual([]);
    expect([...store.uploads.keys()].sort()).toEqual([
      `${BUCKET}/incoming/a.txt`,
      `${BUCKET}/incoming/b.txt`,
      `${BUCKET}/incoming/c.txt`,
    ]);
    expect(store.articles.size).toBe(3);
  });

  it('reports only the failing message, so its batch-mates are not retried', async () => {
    const { source, store, handler } = setup();
    source.put(BUCKET, 'incoming/good.txt', 'Good title\n\nA body that parses.');
    source.failing.set(
      'incoming/flaky.txt',
      Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }),
    );
    const event: SQSEvent = {
      Records: [
        sqsRecord('good-msg', [{ key: 'incoming/good.txt' }]),
        sqsRecord('bad-msg', [{ key: 'incoming/flaky.txt' }]),
      ],
    };

    const response = await handler(event, lambdaContext());

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'bad-msg' }]);
    expect(store.uploads.get(`${BUCKET}/incoming/good.txt`)?.status).toBe('INGESTED');
    // Not the last attempt: nothing is recorded as FAILED yet, the queue will retry.
    expect(store.uploads.has(`${BUCKET}/incoming/flaky.txt`)).toBe(false);
  });

  it('records FAILED with the reason on the last attempt, and still hands the message to the DLQ', async () => {
    const { source, store, handler } = setup();
    source.failing.set(
      'incoming/flaky.txt',
      Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }),
    );

    const response = await handler(
      { Records: [sqsRecord('bad-msg', [{ key: 'incoming/flaky.txt' }], 3)] },
      lambdaContext(),
    );

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'bad-msg' }]);
    const upload = store.uploads.get(`${BUCKET}/incoming/flaky.txt`);
    expect(upload?.status).toBe('FAILED');
    expect(upload?.reason).toContain('ThrottlingException: Rate exceeded');
  });

  it('rejects an empty file with a reason and does not retry it', async () => {
    const { source, store, handler } = setup();
    source.put(BUCKET, 'incoming/empty.txt', '');

    const response = await handler(
      { Records: [sqsRecord('m', [{ key: 'incoming/empty.txt' }])] },
      lambdaContext(),
    );

    expect(response.batchItemFailures).toEqual([]);
    const upload = store.uploads.get(`${BUCKET}/incoming/empty.txt`);
    expect(upload).toMatchObject({ status: 'REJECTED', errorCode: 'EMPTY' });
    expect(upload?.reason).toBeTruthy();
    expect(store.articles.size).toBe(0);
  });

  it('rejects an object that was deleted before it could be read', async () => {
    const { store, handler } = setup();

    const response = await handler(
      { Records: [sqsRecord('m', [{ key: 'incoming/gone.txt' }])] },
      lambdaContext(),
    );

    expect(response.batchItemFailures).toEqual([]);
    expect(store.uploads.get(`${BUCKET}/incoming/gone.txt`)).toMatchObject({
      status: 'REJECTED',
      errorCode: 'MISSING',
    });
  });

  it('ignores deletes and keys outside the drop prefix', async () => {
    const { source, store, handler } = setup();
    source.put(BUCKET, 'elsewhere/a.txt', 'Title\n\nBody');

    const response = await handler(
      {
        Records: [
          sqsRecord('m', [
            { key: 'elsewhere/a.txt' },
            { key: 'incoming/a.txt', eventName: 'ObjectRemoved:Delete' },
          ]),
        ],
      },
      lambdaContext(),
    );

    expect(response.batchItemFailures).toEqual([]);
    expect(source.reads).toEqual([]);
    expect(store.uploads.size).toBe(0);
  });

  it('fails a message whose body is not an S3 event, so it ends in the DLQ rather than vanishing', async () => {
    const { handler } = setup();
    const record = { ...sqsRecord('junk', []), body: 'not json' };

    const response = await handler({ Records: [record] }, lambdaContext());

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'junk' }]);
  });

  it('leaves one record when the same message is delivered twice', async () => {
    const { source, store, handler } = setup();
    source.put(BUCKET, DECODED_KEY, sampleText);

    await handler(fixture('sqs-s3-put.json'), lambdaContext());
    const first = structuredClone([...store.articles.values()]);
    const response = await handler(fixture('sqs-s3-put.json'), lambdaContext());

    expect(response.batchItemFailures).toEqual([]);
    expect([...store.articles.values()]).toEqual(first);
  });

  it('lists both keys as sightings when the same article is uploaded under two keys', async () => {
    const { source, store, handler } = setup();
    source.put(BUCKET, 'incoming/one.txt', sampleText);
    source.put(BUCKET, 'incoming/copy of one.txt', sampleText.replace(/\n/g, '\r\n'));

    await handler({ Records: [sqsRecord('m1', [{ key: 'incoming/one.txt' }])] }, lambdaContext());
    await handler({ Records: [sqsRecord('m2', [{ key: 'incoming/copy+of+one.txt' }])] }, lambdaContext());

    expect(store.articles.size).toBe(1);
    const [article] = [...store.articles.values()];
    expect(article?.sightingCount).toBe(2);
    expect(Object.keys(article?.sightings ?? {}).sort()).toEqual([
      's3://news-drop/incoming/copy of one.txt',
      's3://news-drop/incoming/one.txt',
    ]);
  });

  it('emits the dashboard metrics for a new article: ingested, by topic and by alignment', async () => {
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    const { source, handler } = setupWithMetrics();
    source.put(BUCKET, DECODED_KEY, sampleText);
    const lines: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      await handler(fixture('sqs-s3-put.json'), lambdaContext());
    } finally {
      spy.mockRestore();
    }
    const emf = lines
      .flatMap((l) => l.split('\n'))
      .filter((l) => l.includes('"_aws"'))
      .map((l) => JSON.parse(l));
    expect(emf.find((m) => 'ArticlesByTopic' in m)).toMatchObject({ Topic: 'conflict', ArticlesByTopic: 1 });
    expect(emf.find((m) => 'ArticlesByAlignment' in m)).toMatchObject({ Alignment: 'pro_kremlin' });
    expect(emf.find((m) => 'ArticlesIngested' in m)).toMatchObject({ ArticlesIngested: 1 });
  });
});
