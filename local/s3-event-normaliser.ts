/**
 * Turns s3rver's events into the S3 event notifications that AWS delivers
 * to SQS: keys URL-encoded the way S3 encodes them, only `ObjectCreated:*`
 * under the configured prefix of the configured bucket, and a `sequencer`
 * that increases with every event.
 */
import { randomBytes } from 'node:crypto';

/** The parts of an s3rver event record that local mode reads. */
export interface S3rverEventRecord {
  readonly eventName: string;
  readonly eventTime?: string;
  readonly s3: {
    readonly bucket: { readonly name: string };
    readonly object: { readonly key: string; readonly size?: number; readonly eTag?: string };
  };
}

export interface S3rverEvent {
  readonly Records: readonly S3rverEventRecord[];
}

export interface S3EventNotificationRecord {
  readonly eventVersion: '2.1';
  readonly eventSource: 'aws:s3';
  readonly awsRegion: string;
  readonly eventTime: string;
  readonly eventName: string;
  readonly userIdentity: { readonly principalId: string };
  readonly requestParameters: { readonly sourceIPAddress: string };
  readonly responseElements: { readonly 'x-amz-request-id': string; readonly 'x-amz-id-2': string };
  readonly s3: {
    readonly s3SchemaVersion: '1.0';
    readonly configurationId: string;
    readonly bucket: {
      readonly name: string;
      readonly ownerIdentity: { readonly principalId: string };
      readonly arn: string;
    };
    readonly object: {
      readonly key: string;
      readonly size: number;
      readonly eTag: string;
      readonly sequencer: string;
    };
  };
}

export interface S3EventNotification {
  readonly Records: readonly S3EventNotificationRecord[];
}

export interface NotificationRoute {
  readonly bucket: string;
  readonly prefix: string;
  readonly region: string;
  readonly configurationId?: string;
}

/**
 * Encodes an object key the way S3 does in event notifications
 * (`application/x-www-form-urlencoded`: space as `+`, everything but
 * `A-Z a-z 0-9 . - _ *` and `/` percent-encoded as UTF-8).
 */
export const encodeS3EventKey = (key: string): string =>
  Array.from(key)
    .map((char) => {
      if (char === ' ') return '+';
      if (/^[A-Za-z0-9.\-_*/]$/.test(char)) return char;
      return Array.from(Buffer.from(char, 'utf8'))
        .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
        .join('');
    })
    .join('');

/** Hex sequencers that sort in event order, like S3's (compare after left-padding). */
export class SequencerGenerator {
  private last = 0n;
  next(): string {
    const now = BigInt(Date.now()) * 1_000_000n;
    this.last = now > this.last ? now : this.last + 1n;
    return this.last.toString(16).toUpperCase().padStart(18, '0');
  }
}

/** The notification AWS would send for this s3rver event, or undefined when AWS would send none. */
export const toS3EventNotification = (
  event: S3rverEvent,
  route: NotificationRoute,
  sequencer: SequencerGenerator,
): S3EventNotification | undefined => {
  const records = event.Records.filter(
    (record) =>
      record.eventName.startsWith('ObjectCreated:') &&
      record.s3.bucket.name === route.bucket &&
      record.s3.object.key.startsWith(route.prefix),
  ).map(
    (record): S3EventNotificationRecord => ({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: route.region,
      eventTime: record.eventTime ?? new Date().toISOString(),
      eventName: record.eventName,
      userIdentity: { principalId: 'AWS:LOCAL' },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: {
        'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(),
        'x-amz-id-2': randomBytes(32).toString('base64'),
      },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: route.configurationId ?? 'local-drop-notification',
        bucket: {
          name: route.bucket,
          ownerIdentity: { principalId: 'LOCAL' },
          arn: `arn:aws:s3:::${route.bucket}`,
        },
        object: {
          key: encodeS3EventKey(record.s3.object.key),
          size: record.s3.object.size ?? 0,
          eTag: (record.s3.object.eTag ?? '').replace(/"/g, ''),
          sequencer: sequencer.next(),
        },
      },
    }),
  );
  return records.length > 0 ? { Records: records } : undefined;
};
