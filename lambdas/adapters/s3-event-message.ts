/**
 * Turns the body of one SQS message into the S3 objects it announces. S3
 * sends keys URL-encoded with `+` for a space; S3 also sends a one-off
 * `s3:TestEvent` when a notification is configured, which carries no object.
 */
import type { S3Event } from 'aws-lambda';
import { normaliseSequencer, type ObjectRef } from '../domain/article-record';

export class MalformedEventError extends Error {
  override readonly name = 'MalformedEventError';
}

export interface S3EventMessage {
  /** True for S3's `s3:TestEvent`, which is acknowledged and ignored. */
  readonly isTestEvent: boolean;
  /** ObjectCreated objects under the prefix. */
  readonly objects: readonly ObjectRef[];
  /** Records that were skipped, with why (other events, other prefixes). */
  readonly skipped: readonly { readonly key: string; readonly why: string }[];
}

/** Decodes an S3 event key: form-encoded, `+` is a space. */
export const decodeS3Key = (key: string): string => decodeURIComponent(key.replace(/\+/g, ' '));

export function parseS3EventMessage(body: string, prefix: string): S3EventMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new MalformedEventError(`SQS message body is not JSON: ${body.slice(0, 200)}`);
  }
  if (isRecord(parsed) && parsed.Event === 's3:TestEvent')
    return { isTestEvent: true, objects: [], skipped: [] };
  if (!isRecord(parsed) || !Array.isArray(parsed.Records)) {
    throw new MalformedEventError(`SQS message body is not an S3 event notification: ${body.slice(0, 200)}`);
  }
  const objects: ObjectRef[] = [];
  const skipped: { key: string; why: string }[] = [];
  for (const record of (parsed as unknown as S3Event).Records) {
    const object = record?.s3?.object;
    const bucket = record?.s3?.bucket?.name;
    if (!object || typeof object.key !== 'string' || typeof bucket !== 'string') {
      throw new MalformedEventError(
        `S3 event record has no bucket or object key: ${JSON.stringify(record).slice(0, 200)}`,
      );
    }
    let key: string;
    try {
      key = decodeS3Key(object.key);
    } catch {
      throw new MalformedEventError(`S3 object key is not valid URL encoding: ${object.key}`);
    }
    if (!record.eventName?.startsWith('ObjectCreated:')) {
      skipped.push({ key, why: `event ${record.eventName} is not ObjectCreated` });
    } else if (!key.startsWith(prefix)) {
      skipped.push({ key, why: `key is outside the drop prefix ${prefix}` });
    } else if (key.endsWith('/')) {
      skipped.push({ key, why: 'key is a folder marker' });
    } else {
      objects.push({
        bucket,
        key,
        versionId: object.versionId || undefined,
        etag: object.eTag || undefined,
        size: typeof object.size === 'number' ? object.size : undefined,
        sequencer: object.sequencer ? normaliseSequencer(object.sequencer) : undefined,
        eventTime: record.eventTime,
      });
    }
  }
  return { isTestEvent: false, objects, skipped };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
