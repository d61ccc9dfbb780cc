/**
 * The parts of local mode that need no emulator: aws-chunked decoding, S3
 * event normalisation, the table definition mapping, and the local queue's
 * SQS + Lambda semantics (partial batch failures, retries, dead-lettering).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { toCreateTableInput } from '../../local/article-table-setup';
import {
  AwsChunkedDecodingError,
  decodeAwsChunked,
  decodedRequestHeaders,
  isAwsChunked,
  verifyDecodedBody,
} from '../../local/aws-chunked';
import { type DeadLetter, type DeliveryReport, LocalQueue } from '../../local/local-queue';
import {
  encodeS3EventKey,
  type S3rverEvent,
  SequencerGenerator,
  toS3EventNotification,
} from '../../local/s3-event-normaliser';
import { ARTICLE_TABLE } from '../../schema/article-table';

const crc32 = (body: Buffer): string => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(zlib.crc32(body) >>> 0);
  return out.toString('base64');
};

const frame = (body: Buffer, chunkSize: number, signed: boolean, trailers: string[]): Buffer => {
  const parts: Buffer[] = [];
  const ext = signed ? `;chunk-signature=${'a'.repeat(64)}` : '';
  for (let offset = 0; offset < body.length; offset += chunkSize) {
    const chunk = body.subarray(offset, offset + chunkSize);
    parts.push(Buffer.from(`${chunk.length.toString(16)}${ext}\r\n`), chunk, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`0${ext}\r\n`));
  for (const trailer of trailers) parts.push(Buffer.from(`${trailer}\r\n`));
  parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
};

const body = Buffer.from('Sanktionen gegen Moskau – „Grüße“ aus Köln. Привет, мир!\n'.repeat(200));

describe('aws-chunked uploads', () => {
  it.each([
    ['unsigned payload with a CRC32 trailer', false, [`x-amz-checksum-crc32:${crc32(body)}`]],
    ['signed chunks without trailer', true, []],
    [
      'signed chunks with a signed trailer',
      true,
      [`x-amz-checksum-crc32:${crc32(body)}`, `x-amz-trailer-signature:${'b'.repeat(64)}`],
    ],
  ])('decodes %s to the exact bytes', (_name, signed, trailers) => {
    const decoded = decodeAwsChunked(frame(body, 1000, signed, trailers));
    expect(decoded.body.equals(body)).toBe(true);
    expect(() =>
      verifyDecodedBody(decoded, { 'x-amz-decoded-content-length': String(body.length) }),
    ).not.toThrow();
  });

  it('forwards headers without the aws-chunked markers and with the real length', () => {
    const headers = {
      'content-encoding': 'aws-chunked',
      'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      'x-amz-decoded-content-length': String(body.length),
      'x-amz-trailer': 'x-amz-checksum-crc32',
      'transfer-encoding': 'chunked',
    };
    expect(isAwsChunked(headers)).toBe(true);
    const decoded = decodeAwsChunked(frame(body, 4096, false, []));
    const forwarded = decodedRequestHeaders(headers, decoded);
    expect(forwarded['content-encoding']).toBeUndefined();
    expect(forwarded['content-length']).toBe(String(body.length));
    expect(forwarded['x-amz-decoded-content-length']).toBeUndefined();
    expect(forwarded['transfer-encoding']).toBeUndefined();
    expect(isAwsChunked(forwarded)).toBe(false);
  });

  it('keeps a real content encoding such as gzip', () => {
    const forwarded = decodedRequestHeaders(
      { 'content-encoding': 'aws-chunked, gzip' },
      decodeAwsChunked(frame(body, 4096, false, [])),
    );
    expect(forwarded['content-encoding']).toBe('gzip');
  });

  it('refuses a checksum that does not match the bytes', () => {
    const decoded = decodeAwsChunked(frame(body, 1000, false, ['x-amz-checksum-crc32:AAAAAA==']));
    expect(() => verifyDecodedBody(decoded, {})).toThrow(
      expect.objectContaining({ code: 'BadDigest' }) as unknown as Error,
    );
  });

  it('refuses malformed framing with a message that names the fix', () => {
    const attempt = () => decodeAwsChunked(Buffer.from('this is not aws-chunked'));
    expect(attempt).toThrow(AwsChunkedDecodingError);
    expect(attempt).toThrow(
      /requestChecksumCalculation.*WHEN_REQUIRED.*AWS_REQUEST_CHECKSUM_CALCULATION=when_required/,
    );
  });

  it('refuses a body shorter than x-amz-decoded-content-length', () => {
    const decoded = decodeAwsChunked(frame(body, 1000, false, []));
    expect(() => verifyDecodedBody(decoded, { 'x-amz-decoded-content-length': '999999' })).toThrow(
      AwsChunkedDecodingError,
    );
  });
});

describe('S3 event normalisation', () => {
  const route = { bucket: 'news-drop', prefix: 'incoming/', region: 'eu-central-1' };
  const s3rverEvent = (eventName: string, key: string, bucket = 'news-drop'): S3rverEvent => ({
    Records: [{ eventName, s3: { bucket: { name: bucket }, object: { key, size: 12, eTag: '"abc"' } } }],
  });

  it('encodes keys the way S3 does: space as +, reserved characters and UTF-8 percent-encoded', () => {
    expect(encodeS3EventKey('incoming/Artikel über Kiew+Moskau (1).txt')).toBe(
      'incoming/Artikel+%C3%BCber+Kiew%2BMoskau+%281%29.txt',
    );
    const key = 'incoming/a b+c%d&e=f ä.txt';
    expect(decodeURIComponent(encodeS3EventKey(key).replace(/\+/g, ' '))).toBe(key);
  });

  it('delivers ObjectCreated under the prefix in the AWS shape', () => {
    const notification = toS3EventNotification(
      s3rverEvent('ObjectCreated:Put', 'incoming/a b.txt'),
      route,
      new SequencerGenerator(),
    );
    const record = notification?.Records[0];
    expect(record).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'eu-central-1',
      eventName: 'ObjectCreated:Put',
      s3: {
        s3SchemaVersion: '1.0',
        bucket: { name: 'news-drop', arn: 'arn:aws:s3:::news-drop' },
        object: { key: 'incoming/a+b.txt', size: 12, eTag: 'abc' },
      },
    });
    expect(record?.s3.object.sequencer).toMatch(/^[0-9A-F]+$/);
  });

  it.each([
    ['a delete', s3rverEvent('ObjectRemoved:Delete', 'incoming/a.txt')],
    ['a key outside the prefix', s3rverEvent('ObjectCreated:Put', 'elsewhere/a.txt')],
    ['another bucket', s3rverEvent('ObjectCreated:Put', 'incoming/a.txt', 'other-bucket')],
  ])('sends nothing for %s', (_name, event) => {
    expect(toS3EventNotification(event, route, new SequencerGenerator())).toBeUndefined();
  });

  it('gives every event a larger sequencer than the one before', () => {
    const generator = new SequencerGenerator();
    const values = Array.from({ length: 50 }, () => generator.next());
    for (let i = 1; i < values.length; i += 1) {
      expect((values[i] ?? '').padStart(32, '0') > (values[i - 1] ?? '').padStart(32, '0')).toBe(true);
    }
  });
});

describe('table definition mapping', () => {
  it('creates the table from schema/article-table.ts: on-demand, keys and an ALL-projected index', () => {
    const input = toCreateTableInput(ARTICLE_TABLE, 'news-articles');
    expect(input).toMatchObject({
      TableName: 'news-articles',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: ARTICLE_TABLE.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: ARTICLE_TABLE.sortKey.name, KeyType: 'RANGE' },
      ],
    });
    expect(input.GlobalSecondaryIndexes).toHaveLength(ARTICLE_TABLE.globalIndexes.length);
    for (const index of input.GlobalSecondaryIndexes ?? []) {
      expect(index.Projection).toEqual({ ProjectionType: 'ALL' });
    }
    const names = (input.AttributeDefinitions ?? []).map((a) => a.AttributeName);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['pk', 'sk', 'facet', 'facetSort']));
  });
});

describe('local queue', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'local-queue-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const queueWith = (
    handler: (event: SQSEvent) => Promise<SQSBatchResponse | undefined>,
    reports: DeliveryReport[] = [],
  ) =>
    new LocalQueue({
      handler,
      deadLetterPath: path.join(dir, 'dlq.jsonl'),
      batchWindowMs: 20,
      visibilityTimeoutMs: 20,
      onDelivery: (report) => reports.push(report),
    });

  const deadLetters = (): DeadLetter[] =>
    readFileSync(path.join(dir, 'dlq.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as DeadLetter);

  it('delivers up to 10 messages per batch as real SQS records', async () => {
    const events: SQSEvent[] = [];
    const queue = queueWith(async (event) => {
      events.push(event);
      return { batchItemFailures: [] };
    });
    for (let i = 0; i < 12; i += 1) queue.send(`message ${i}`);
    await queue.drain(10_000);
    expect(events.map((event) => event.Records.length)).toEqual([10, 2]);
    const record = events[0]?.Records[0];
    expect(record).toMatchObject({
      body: 'message 0',
      eventSource: 'aws:sqs',
      awsRegion: 'us-east-1',
      messageAttributes: {},
      attributes: { ApproximateReceiveCount: '1' },
    });
    expect(record?.eventSourceARN).toMatch(/^arn:aws:sqs:us-east-1:\d{12}:/);
    expect(record?.md5OfBody).toMatch(/^[0-9a-f]{32}$/);
  });

  it('redelivers only the records listed in batchItemFailures, with a higher receive count', async () => {
    const seen: { body: string; count: string }[] = [];
    let failedOnce = false;
    const queue = queueWith(async (event) => {
      for (const record of event.Records) {
        seen.push({ body: record.body, count: record.attributes.ApproximateReceiveCount });
      }
      const flaky = event.Records.find((record) => record.body === 'flaky');
      if (flaky && !failedOnce) {
        failedOnce = true;
        return { batchItemFailures: [{ itemIdentifier: flaky.messageId }] };
      }
      return { batchItemFailures: [] };
    });
    queue.send('fine');
    queue.send('flaky');
    await queue.drain(10_000);
    expect(seen).toEqual([
      { body: 'fine', count: '1' },
      { body: 'flaky', count: '1' },
      { body: 'flaky', count: '2' },
    ]);
  });

  it('moves a message that keeps failing to the dead-letter file after 5 receives', async () => {
    const reports: DeliveryReport[] = [];
    const queue = queueWith(
      async (event) => ({ batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) }),
      reports,
    );
    const id = queue.send('poison');
    await queue.drain(10_000);
    expect(reports).toHaveLength(5);
    expect(deadLetters()).toEqual([
      expect.objectContaining({ messageId: id, body: 'poison', receiveCount: 5 }),
    ]);
  });

  it('redrives dead letters once the cause is fixed, with a fresh receive count', async () => {
    let broken = true;
    const delivered: { body: string; count: string }[] = [];
    const queue = queueWith(async (event) => {
      if (broken) return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) };
      for (const r of event.Records)
        delivered.push({ body: r.body, count: r.attributes.ApproximateReceiveCount });
      return { batchItemFailures: [] };
    });
    queue.send('needs the fix');
    await queue.drain(10_000);
    expect(deadLetters()).toHaveLength(1);

    broken = false;
    expect(queue.redriveDeadLetters()).toBe(1);
    await queue.drain(10_000);

    expect(delivered).toEqual([{ body: 'needs the fix', count: '1' }]);
    expect(existsSync(path.join(dir, 'dlq.jsonl'))).toBe(false);
    expect(readdirSync(dir).some((f) => f.startsWith('dlq.redriven-'))).toBe(true);
    expect(queue.redriveDeadLetters()).toBe(0);
  });

  it('fails the whole batch when the handler throws, and records the error', async () => {
    const queue = queueWith(async () => {
      throw new Error('table unreachable');
    });
    queue.send('one');
    queue.send('two');
    await queue.drain(10_000);
    const letters = deadLetters();
    expect(letters.map((letter) => letter.body).sort()).toEqual(['one', 'two']);
    expect(letters[0]?.lastError).toContain('table unreachable');
  });

  it('fails the whole batch when batchItemFailures names an unknown item', async () => {
    const bodies: string[] = [];
    let calls = 0;
    const queue = queueWith(async (event) => {
      calls += 1;
      bodies.push(...event.Records.map((r) => r.body));
      return calls === 1 ? { batchItemFailures: [{ itemIdentifier: 'nope' }] } : { batchItemFailures: [] };
    });
    queue.send('a');
    queue.send('b');
    await queue.drain(10_000);
    expect(bodies.sort()).toEqual(['a', 'a', 'b', 'b']);
  });
});

describe('orphan watchdog', () => {
  /** True while the process exists and is not a zombie. */
  const running = (pid: number): boolean => {
    const stat = `/proc/${pid}/stat`;
    if (!existsSync(stat)) return false;
    return !/^\d+ \(.*\) Z/.test(readFileSync(stat, 'utf8'));
  };

  it('stops a child process when its Node parent is killed outright', async () => {
    const parent = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'support', 'orphan-parent.ts')],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const childPid = await new Promise<number>((resolve, reject) => {
      let output = '';
      parent.stdout?.on('data', (data: Buffer) => {
        output += data.toString();
        const match = /child (\d+)/.exec(output);
        if (match) resolve(Number(match[1]));
      });
      parent.once('exit', () => reject(new Error(`helper exited early: ${output}`)));
    });
    expect(running(childPid)).toBe(true);
    parent.kill('SIGKILL');
    const deadline = Date.now() + 15_000;
    while (running(childPid) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect(running(childPid)).toBe(false);
  }, 30_000);
});
