/**
 * An in-memory ArticleQueries with the same contract as the DynamoDB one:
 * facet lists newest first with inclusive date-prefix ranges and an opaque
 * cursor, counters summed per period. For handler tests only.
 */

import type { ArticleRecord, UploadRecord } from '../../../lambdas/domain/article-record';
import { ALL, articleDimensions, articlePeriods } from '../../../lambdas/domain/breakdowns';
import {
  type ArticleQueries,
  type ArticleSummary,
  type CountPoint,
  type CountQuery,
  InvalidCursorError,
  type ListOptions,
  type Page,
} from '../../../lambdas/domain/queries';
import { articleFacetSort, dateRangeBounds } from '../../../schema/article-table';

export class InMemoryArticleQueries implements ArticleQueries {
  readonly articles = new Map<string, ArticleRecord>();
  readonly uploads = new Map<string, UploadRecord>();
  /** Every call, to check what the handler asked for. */
  readonly calls: { method: string; args: unknown[] }[] = [];

  addArticle(record: ArticleRecord): this {
    this.articles.set(record.articleId, record);
    return this;
  }

  addUpload(upload: UploadRecord): this {
    this.uploads.set(`${upload.bucket}/${upload.key}`, upload);
    return this;
  }

  async getArticle(articleId: string): Promise<ArticleRecord | undefined> {
    this.calls.push({ method: 'getArticle', args: [articleId] });
    return this.articles.get(articleId);
  }

  async getUpload(bucket: string, key: string): Promise<UploadRecord | undefined> {
    this.calls.push({ method: 'getUpload', args: [bucket, key] });
    return this.uploads.get(`${bucket}/${key}`);
  }

  async listArticles(facet: string, options: ListOptions = {}): Promise<Page<ArticleSummary>> {
    this.calls.push({ method: 'listArticles', args: [facet, options] });
    const entries = [...this.articles.values()]
      .filter((a) => articleDimensions(a).includes(facet))
      .map((a) => ({ sort: articleFacetSort(a.date, a.articleId), item: summary(a) }));
    return page(entries, options);
  }

  async listFailures(status: 'REJECTED' | 'FAILED', options: ListOptions = {}): Promise<Page<UploadRecord>> {
    this.calls.push({ method: 'listFailures', args: [status, options] });
    const entries = [...this.uploads.values()]
      .filter((u) => u.status === status)
      .map((u) => ({ sort: `${u.updatedAt}#${u.bucket}/${u.key}`, item: u }));
    return page(entries, options);
  }

  async countSeries(query: CountQuery): Promise<CountPoint[]> {
    this.calls.push({ method: 'countSeries', args: [query] });
    const { lower, upper } = dateRangeBounds(query.from, query.to);
    const wanted = (name: string) =>
      !query.dimensions || query.dimensions.some((d) => (d.endsWith('#') ? name.startsWith(d) : name === d));
    const totals = new Map<string, Record<string, number>>();
    for (const article of this.articles.values()) {
      for (const p of articlePeriods(article)) {
        if (p.basis !== query.basis || p.granularity !== query.granularity) continue;
        if (p.period < lower || p.period > upper) continue;
        const counts = totals.get(p.period) ?? {};
        for (const d of [ALL, ...articleDimensions(article)].filter(wanted)) counts[d] = (counts[d] ?? 0) + 1;
        totals.set(p.period, counts);
      }
    }
    return [...totals.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([period, counts]) => ({ period, counts }));
  }
}

function summary(a: ArticleRecord): ArticleSummary {
  return {
    articleId: a.articleId,
    title: a.title,
    date: a.date,
    datePrecision: a.datePrecision,
    language: a.language,
    source: a.source,
    primaryTopic: a.primaryTopic,
    topics: a.topics.map((t) => t.slug),
    alignment: a.alignment.label,
    stance: Object.fromEntries(Object.entries(a.stance).map(([target, s]) => [target, s.label])),
    ingestedAt: a.ingestedAt,
  };
}

function page<T>(entries: { sort: string; item: T }[], options: ListOptions): Page<T> {
  const ranged = options.from !== undefined || options.to !== undefined;
  const { lower, upper } = dateRangeBounds(options.from ?? '0000', options.to ?? '9999');
  const sorted = entries
    .filter((e) => !ranged || (e.sort >= lower && e.sort <= upper))
    .sort((a, b) => b.sort.localeCompare(a.sort));
  let start = 0;
  if (options.cursor !== undefined) {
    const match = /^offset:(\d+)$/.exec(Buffer.from(options.cursor, 'base64url').toString('utf8'));
    const offset = Number(match?.[1]);
    if (!match || !Number.isInteger(offset)) {
      throw new InvalidCursorError('The cursor is not one this API returned. Start again without a cursor.');
    }
    start = offset;
  }
  const limit = options.limit ?? 50;
  const items = sorted.slice(start, start + limit).map((e) => e.item);
  const next = start + limit < sorted.length ? start + limit : undefined;
  return {
    items,
    ...(next === undefined ? {} : { cursor: Buffer.from(`offset:${next}`, 'utf8').toString('base64url') }),
  };
}
