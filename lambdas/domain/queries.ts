/**
 * The read side: what dashboards, the query API and the CLI ask of the store.
 * Implemented by `lambdas/adapters/dynamo-article-queries.ts`.
 */
import type { ArticleRecord, UploadRecord } from './article-record';
import type { CountBasis, Granularity } from './breakdowns';

/** The summary an index entry carries: enough for a list row without a second read. */
export interface ArticleSummary {
  readonly articleId: string;
  readonly title: string;
  readonly date?: string;
  readonly datePrecision?: string;
  readonly language: string;
  readonly source?: string;
  readonly primaryTopic?: string;
  readonly topics: readonly string[];
  readonly alignment: string;
  readonly stance: Readonly<Record<string, string>>;
  readonly ingestedAt: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  readonly cursor?: string;
}

export interface ListOptions {
  /** Inclusive ISO date prefixes (`2024`, `2024-03`, `2024-03-12`). */
  readonly from?: string;
  readonly to?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

export interface CountPoint {
  readonly period: string;
  /** Dimension value (`ALL`, `TOPIC#politics`, …) → count. Zero counts are left out. */
  readonly counts: Readonly<Record<string, number>>;
}

export interface CountQuery {
  readonly basis: CountBasis;
  readonly granularity: Granularity;
  readonly from: string;
  readonly to: string;
  /** Only these dimension values (or prefixes ending in `#`, e.g. `TOPIC#`); all when absent. */
  readonly dimensions?: readonly string[];
}

export interface UploadStatus {
  /** PENDING: the object exists but no outcome is recorded yet. NOT_FOUND: neither exists. */
  readonly status: UploadRecord['status'] | 'PENDING' | 'NOT_FOUND';
  readonly upload?: UploadRecord;
}

export interface ArticleQueries {
  getArticle(articleId: string): Promise<ArticleRecord | undefined>;
  getUpload(bucket: string, key: string): Promise<UploadRecord | undefined>;
  /** Articles under one dimension value (see `facets` in schema/article-table.ts), newest first. */
  listArticles(facet: string, options?: ListOptions): Promise<Page<ArticleSummary>>;
  /** REJECTED or FAILED uploads, most recent first. */
  listFailures(status: 'REJECTED' | 'FAILED', options?: ListOptions): Promise<Page<UploadRecord>>;
  countSeries(query: CountQuery): Promise<CountPoint[]>;
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}
