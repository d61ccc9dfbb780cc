/**
 * The ingest use case: one S3 object in; an upload record and one article
 * record per article out. A single-article file gives one article; a bulk
 * (JSON Lines) file gives one per good line, and a record per bad line with
 * its line number. Depends only on interfaces.
 */

import { classifierInput, type ParsedArticle, type ParsedEntry, type Rejection } from './article';
import {
  buildArticleRecord,
  bulkUpload,
  failedUpload,
  ingestedUpload,
  type ObjectRef,
  rejectedUpload,
  sourceFor,
} from './article-record';
import type { Classifier } from './classification';
import { parseObject } from './parse';
import { type ArticleSource, type ArticleStore, ObjectMissingError, type SaveOutcome } from './ports';

export interface IngestDependencies {
  readonly source: ArticleSource;
  readonly store: ArticleStore;
  readonly classifier: Classifier;
  /** The drop prefix, used to derive the outlet from `prefix/<outlet>/file`. */
  readonly prefix: string;
  /** Objects larger than this are rejected without being read. */
  readonly maxObjectBytes: number;
  /** Lines of a bulk file written at once. @default 8 */
  readonly bulkConcurrency?: number;
  readonly now?: () => Date;
}

export interface IngestedArticle {
  readonly articleId: string;
  readonly save: SaveOutcome;
  readonly primaryTopic?: string;
  readonly alignment: string;
}

export type IngestOutcome =
  | ({ readonly status: 'INGESTED' } & IngestedArticle)
  | { readonly status: 'REJECTED'; readonly rejection: Rejection; readonly save: SaveOutcome }
  | {
      readonly status: 'BULK';
      readonly articles: readonly IngestedArticle[];
      readonly rejectedLines: readonly { readonly line: number; readonly rejection: Rejection }[];
      readonly save: SaveOutcome;
    };

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
    let object: Awaited<ReturnType<ArticleSource['get']>>;
    try {
      object = await this.deps.source.get(ref);
    } catch (error) {
      if (!(error instanceof ObjectMissingError)) throw error;
      return this.reject(ref, missing(ref), now);
    }
    const seen: ObjectRef = {
      ...ref,
      versionId: ref.versionId ?? object.versionId,
      etag: ref.etag ?? object.etag,
      size: ref.size ?? object.bytes.byteLength,
    };
    const parsed = parseObject(object.bytes, {
      key: ref.key,
      contentType: object.contentType,
      maxBytes: this.deps.maxObjectBytes,
    });
    if (!parsed.ok) return this.reject(seen, parsed.rejection, now);

    const [only] = parsed.entries;
    if (parsed.entries.length === 1 && only && only.line === undefined) {
      if (!only.result.ok) return this.reject(seen, only.result.rejection, now);
      const article = await this.saveArticle(seen, only.result.article, now);
      return { status: 'INGESTED', ...article };
    }
    return this.ingestBulk(seen, parsed.entries, now);
  }

  /** Records that an object could not be processed after the queue's last attempt. */
  async recordFailure(ref: ObjectRef, error: unknown, attempts: number): Promise<SaveOutcome> {
    return this.deps.store.saveUpload(failedUpload(ref, error, attempts, this.now().toISOString()));
  }

  private async ingestBulk(
    ref: ObjectRef,
    entries: readonly ParsedEntry[],
    now: string,
  ): Promise<IngestOutcome> {
    const articles: IngestedArticle[] = [];
    const rejectedLines: { line: number; rejection: Rejection }[] = [];
    await forEachLimited(entries, this.deps.bulkConcurrency ?? 8, async (entry, index) => {
      const line = entry.line ?? index + 1;
      const lineRef: ObjectRef = { ...ref, line };
      if (entry.result.ok) {
        articles.push(await this.saveArticle(lineRef, entry.result.article, now));
      } else {
        rejectedLines.push({ line, rejection: entry.result.rejection });
        await this.deps.store.saveUpload(rejectedUpload(lineRef, entry.result.rejection, now));
      }
    });
    const lines = { total: entries.length, ingested: articles.length, rejected: rejectedLines.length };
    const save = await this.deps.store.saveUpload(bulkUpload(ref, lines, now));
    rejectedLines.sort((a, b) => a.line - b.line);
    return { status: 'BULK', articles, rejectedLines, save };
  }

  private async saveArticle(ref: ObjectRef, article: ParsedArticle, now: string): Promise<IngestedArticle> {
    const classification = this.deps.classifier.classify(classifierInput(article));
    const record = buildArticleRecord({
      ref,
      article,
      classification,
      source: sourceFor(article, ref.key, this.deps.prefix),
      now,
    });
    const save = await this.deps.store.saveArticle(record, ingestedUpload(ref, record.articleId, now));
    return {
      articleId: record.articleId,
      save,
      primaryTopic: record.primaryTopic,
      alignment: record.alignment.label,
    };
  }

  private async reject(ref: ObjectRef, rejection: Rejection, now: string): Promise<IngestOutcome> {
    const save = await this.deps.store.saveUpload(rejectedUpload(ref, rejection, now));
    return { status: 'REJECTED', rejection, save };
  }
}

async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  run: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await run(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const tooLarge = (size: number, max: number): Rejection => ({
  code: 'TOO_LARGE',
  reason: `The file is ${size} bytes, over the ${max}-byte limit. Split it into smaller files, or raise maxObjectBytes in the stack configuration.`,
});

const missing = (ref: ObjectRef): Rejection => ({
  code: 'MISSING',
  reason: `s3://${ref.bucket}/${ref.key}${ref.versionId ? ` (version ${ref.versionId})` : ''} no longer exists, so it could not be read. Upload it again if it should be ingested.`,
});
