/**
 * The ingest use case: one S3 object in, one upload record and (for a good
 * article) one article record out. Depends only on interfaces.
 */

import type { Rejection } from './article';
import {
  buildArticleRecord,
  failedUpload,
  ingestedUpload,
  type ObjectRef,
  rejectedUpload,
  sourceFor,
} from './article-record';
import type { Classifier } from './classification';
import { parseArticle } from './parse';
import { type ArticleSource, type ArticleStore, ObjectMissingError, type SaveOutcome } from './ports';

export interface IngestDependencies {
  readonly source: ArticleSource;
  readonly store: ArticleStore;
  readonly classifier: Classifier;
  /** The drop prefix, used to derive the outlet from `prefix/<outlet>/file`. */
  readonly prefix: string;
  /** Objects larger than this are rejected without being read. */
  readonly maxObjectBytes: number;
  readonly now?: () => Date;
}

export type IngestOutcome =
  | {
      readonly status: 'INGESTED';
      readonly articleId: string;
      readonly save: SaveOutcome;
      readonly primaryTopic?: string;
      readonly alignment: string;
    }
  | { readonly status: 'REJECTED'; readonly rejection: Rejection; readonly save: SaveOutcome };

export class IngestService {
  private readonly now: () => Date;

  constructor(private readonly deps: IngestDependencies) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Ingests one object. Throws only on transient errors, which the caller retries. */
  async ingest(ref: ObjectRef): Promise<IngestOutcome> {
    const now = this.now().toISOString();
    if (ref.size !== undefined && ref.size > this.deps.maxObjectBytes) {
      return this.reject(ref, tooLarge(ref.size, this.deps.maxObjectBytes), now);
    }
    let bytes: Uint8Array;
    let stored: Omit<ObjectRef, 'bucket' | 'key'>;
    try {
      const object = await this.deps.source.get(ref);
      bytes = object.bytes;
      stored = { versionId: ref.versionId ?? object.versionId, etag: ref.etag ?? object.etag };
    } catch (error) {
      if (!(error instanceof ObjectMissingError)) throw error;
      return this.reject(ref, missing(ref), now);
    }
    const seen: ObjectRef = { ...ref, ...stored, size: ref.size ?? bytes.byteLength };
    const parsed = parseArticle(bytes, { key: ref.key, maxBytes: this.deps.maxObjectBytes });
    if (!parsed.ok) return this.reject(seen, parsed.rejection, now);

    const { article } = parsed;
    const classification = this.deps.classifier.classify({
      title: article.title,
      text: article.lead ? `${article.lead}\n\n${article.body}` : article.body,
      lang: article.language === 'und' ? undefined : article.language,
    });
    const record = buildArticleRecord({
      ref: seen,
      article,
      classification,
      source: sourceFor(article, ref.key, this.deps.prefix),
      now,
    });
    const save = await this.deps.store.saveArticle(record, ingestedUpload(seen, record.articleId, now));
    return {
      status: 'INGESTED',
      articleId: record.articleId,
      save,
      primaryTopic: record.primaryTopic,
      alignment: record.alignment.label,
    };
  }

  /** Records that an object could not be processed after the queue's last attempt. */
  async recordFailure(ref: ObjectRef, error: unknown, attempts: number): Promise<SaveOutcome> {
    return this.deps.store.saveUpload(failedUpload(ref, error, attempts, this.now().toISOString()));
  }

  private async reject(ref: ObjectRef, rejection: Rejection, now: string): Promise<IngestOutcome> {
    const save = await this.deps.store.saveUpload(rejectedUpload(ref, rejection, now));
    return { status: 'REJECTED', rejection, save };
  }
}

const tooLarge = (size: number, max: number): Rejection => ({
  code: 'TOO_LARGE',
  reason: `The file is ${size} bytes, over the ${max}-byte limit. Split it into smaller files, or raise maxObjectBytes in the stack configuration.`,
});

const missing = (ref: ObjectRef): Rejection => ({
  code: 'MISSING',
  reason: `s3://${ref.bucket}/${ref.key}${ref.versionId ? ` (version ${ref.versionId})` : ''} no longer exists, so it could not be read. Upload it again if it should be ingested.`,
});
