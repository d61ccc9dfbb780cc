/**
 * Whether an object exists, with S3 HeadObject. Needs s3:GetObject on the
 * objects and s3:ListBucket on the bucket: without ListBucket, S3 answers a
 * missing key with 403 instead of 404.
 */
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectExistence } from '../domain/api/upload-status';

export class S3ObjectExistence implements ObjectExistence {
  constructor(private readonly client: S3Client) {}

  async exists(bucket: string, key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404 || (error as Error).name === 'NotFound' || (error as Error).name === 'NoSuchKey')
        return false;
      throw error;
    }
  }
}
