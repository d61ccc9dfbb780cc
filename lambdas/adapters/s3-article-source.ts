/** Reads uploaded objects from S3. */
import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectRef } from '../domain/article-record';
import { type ArticleSource, ObjectMissingError, type StoredObject } from '../domain/ports';

export class S3ArticleSource implements ArticleSource {
  constructor(private readonly s3: S3Client) {}

  async get(ref: ObjectRef): Promise<StoredObject> {
    try {
      const response = await this.s3.send(
        new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId }),
      );
      if (!response.Body) throw new ObjectMissingError(`s3://${ref.bucket}/${ref.key} has no body`);
      return {
        bytes: await response.Body.transformToByteArray(),
        versionId: response.VersionId,
        etag: response.ETag?.replace(/"/g, ''),
        contentType: response.ContentType,
      };
    } catch (error) {
      if (error instanceof NoSuchKey || isNamed(error, 'NoSuchKey') || isNamed(error, 'NoSuchVersion')) {
        throw new ObjectMissingError(`s3://${ref.bucket}/${ref.key} does not exist`);
      }
      throw error;
    }
  }
}

const isNamed = (error: unknown, name: string): boolean => error instanceof Error && error.name === name;
