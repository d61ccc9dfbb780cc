/**
 * "What happened to my upload?": the stored outcome when there is one, else
 * whether the object is still waiting to be processed or does not exist.
 */
import type { UploadRecord } from '../article-record';
import type { UploadStatus } from '../queries';

/** Whether an S3 object exists. Implemented by `lambdas/adapters/s3-object-existence.ts`. */
export interface ObjectExistence {
  exists(bucket: string, key: string): Promise<boolean>;
}

export interface UploadStatusResponse extends UploadStatus {
  readonly bucket: string;
  readonly key: string;
}

/**
 * The status of `bucket/key`. `objects` is asked only when nothing is
 * recorded; without it (a bucket the API may not read) the answer is NOT_FOUND.
 */
export async function resolveUploadStatus(
  bucket: string,
  key: string,
  upload: UploadRecord | undefined,
  objects: ObjectExistence | undefined,
): Promise<UploadStatusResponse> {
  if (upload) return { bucket, key, status: upload.status, upload };
  const pending = objects ? await objects.exists(bucket, key) : false;
  return { bucket, key, status: pending ? 'PENDING' : 'NOT_FOUND' };
}
