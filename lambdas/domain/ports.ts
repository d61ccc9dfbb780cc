/**
 * What the ingest use case needs from the outside world. Adapters in
 * `lambdas/adapters/` implement these for S3 and DynamoDB; tests use in-memory ones.
 */
import type { ArticleRecord, ObjectRef, UploadRecord } from './article-record';

export interface StoredObject {
  readonly bytes: Uint8Array;
  readonly versionId?: string;
  readonly etag?: string;
  readonly contentType?: string;
}

export interface ArticleSource {
  /**
   * Reads one object version. Throws `ObjectMissingError` when it no longer
   * exists; any other error is transient and will be retried.
   */
  get(ref: ObjectRef): Promise<StoredObject>;
}

/**
 * `created`: a new article record was written. `written`: the store changed
 * (a new sighting, a reclassification, an upload outcome). `unchanged`: the same event was already applied.
 * `stale`: a newer event for the same key was already applied, so this one was ignored.
 */
export type SaveOutcome = 'created' | 'written' | 'unchanged' | 'stale';

export interface ArticleStore {
  /** Atomically record the upload and create or merge the article (see `mergeArticleRecord`). */
  saveArticle(article: ArticleRecord, upload: UploadRecord): Promise<SaveOutcome>;
  /** Record an upload that produced no article (REJECTED or FAILED). */
  saveUpload(upload: UploadRecord): Promise<SaveOutcome>;
}

export class ObjectMissingError extends Error {
  override readonly name = 'ObjectMissingError';
}
