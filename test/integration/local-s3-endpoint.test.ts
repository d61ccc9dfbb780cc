/**
 * The local S3 endpoint (s3rver behind the aws-chunked proxy) with real SDK
 * v3 clients over the wire: default-configured clients' uploads are stored
 * byte for byte, any credentials work, and what cannot be decoded is refused
 * with an error that names the fix.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { type RunningS3Emulator, startS3Emulator } from '../../local/s3-emulator';
import type { S3rverEvent } from '../../local/s3-event-normaliser';

const BUCKET = 'news-drop';

const utf8Text = (lines: number): Buffer =>
  Buffer.from(
    Array.from({ length: lines }, (_, i) => `${i}: Grüße aus Köln — «Москва» 🚀 ${'é'.repeat(i % 7)}\n`).join(
      '',
    ),
    'utf8',
  );

describe('local S3 endpoint', () => {
  let dataDir: string;
  let emulator: RunningS3Emulator;
  const events: S3rverEvent[] = [];

  /** A client left at the SDK's default checksum settings (aws-chunked uploads with a CRC32 trailer). */
  const defaultClient = (accessKeyId = 'any-key'): S3Client =>
    new S3Client({
      endpoint: emulator.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId, secretAccessKey: 'any-secret' },
      forcePathStyle: true,
    });

  const readBack = async (client: S3Client, key: string): Promise<Buffer> => {
    const read = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(read.ContentEncoding ?? '').not.toContain('aws-chunked');
    return Buffer.from((await read.Body?.transformToByteArray()) ?? []);
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'local-s3-'));
    emulator = await startS3Emulator({
      directory: dataDir,
      port: 0,
      buckets: [BUCKET],
      onEvent: (event) => events.push(event),
    });
  }, 30_000);

  afterAll(async () => {
    await emulator?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores a stream PutObject from a default-configured SDK client byte for byte', async () => {
    const client = defaultClient();
    const bytes = utf8Text(300);
    expect(bytes.length).toBeGreaterThan(8 * 1024);
    try {
      await client.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: 'incoming/stream upload ü.txt',
          Body: Readable.from([bytes.subarray(0, 5000), bytes.subarray(5000)]),
          ContentLength: bytes.length,
        }),
      );
      expect((await readBack(client, 'incoming/stream upload ü.txt')).equals(bytes)).toBe(true);
    } finally {
      client.destroy();
    }
  });

  it('reports the size and ETag of the decoded bytes in its event', async () => {
    const created = events.find(
      (event) => event.Records[0]?.s3.object.key === 'incoming/stream upload ü.txt',
    );
    expect(created?.Records[0]?.eventName).toBe('ObjectCreated:Put');
    expect(created?.Records[0]?.s3.object.size).toBe(utf8Text(300).length);
    expect(created?.Records[0]?.s3.object.eTag).toBe(createHash('md5').update(utf8Text(300)).digest('hex'));
  });

  it('stores a multipart upload from a default-configured SDK client byte for byte', async () => {
    const client = defaultClient('another-key');
    const bytes = utf8Text(2000);
    const key = 'incoming/multipart.txt';
    try {
      const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key }));
      const part = await client.send(
        new UploadPartCommand({
          Bucket: BUCKET,
          Key: key,
          UploadId,
          PartNumber: 1,
          Body: Readable.from([bytes]),
          ContentLength: bytes.length,
        }),
      );
      await client.send(
        new CompleteMultipartUploadCommand({
          Bucket: BUCKET,
          Key: key,
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
        }),
      );
      expect((await readBack(client, key)).equals(bytes)).toBe(true);
    } finally {
      client.destroy();
    }
  });

  it('refuses an aws-chunked upload it cannot decode, with an S3 error that names the fix', async () => {
    const response = await fetch(`${emulator.endpoint}/${BUCKET}/scratch/garbled.txt`, {
      method: 'PUT',
      headers: {
        'content-encoding': 'aws-chunked',
        'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        'x-amz-decoded-content-length': '5',
      },
      body: 'zz;not-a-chunk\r\nhello',
    });
    expect(response.status).toBe(400);
    const xml = await response.text();
    expect(xml).toMatch(/<Error><Code>InvalidRequest<\/Code>/);
    expect(xml).toContain('AWS_REQUEST_CHECKSUM_CALCULATION=when_required');
    const client = defaultClient();
    try {
      await expect(
        client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'scratch/garbled.txt' })),
      ).rejects.toThrow();
    } finally {
      client.destroy();
    }
  });
});
