/**
 * The query API as the page uses it (same origin, `/api/...`). The wire shapes
 * are the server's own types, imported type-only, so a change on one side
 * fails the type check on the other. The only server module the page bundles
 * is the classifier's label vocabulary (`classification.ts`, constants only).
 */
import type { ApiMeta } from '../../lambdas/domain/api/api-meta';
import type { Breakdown, CountSeries } from '../../lambdas/domain/api/count-breakdown';
import type { ArticleRecord } from '../../lambdas/domain/article-record';
import type { CountBasis, Granularity } from '../../lambdas/domain/breakdowns';
import type { ArticleSummary, Page } from '../../lambdas/domain/queries';

export type { SeriesPoint } from '../../lambdas/domain/api/count-breakdown';
export type { Evidence, TargetStance } from '../../lambdas/domain/classification';
export type { ArticleSummary, Breakdown, CountSeries, Granularity };
export type Basis = CountBasis;
export type Meta = ApiMeta;
export type ArticlePage = Page<ArticleSummary>;
export type ArticleDetail = ArticleRecord;

/** One filter of `/api/articles` (the API takes exactly one). */
export type ArticleFilter =
  | { readonly kind: 'topic'; readonly topic: string }
  | { readonly kind: 'stance'; readonly target: string; readonly stance: string }
  | { readonly kind: 'alignment'; readonly alignment: string }
  | { readonly kind: 'source'; readonly source: string }
  | { readonly kind: 'language'; readonly language: string };

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function getJson<T>(path: string, params: Record<string, string | undefined> = {}): Promise<T> {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) query.set(name, value);
  const url = query.size > 0 ? `${path}?${query}` : path;
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' } });
  } catch {
    throw new ApiError(0, 'The query API cannot be reached. Is local mode (npm start) running?');
  }
  const body = (await response.json().catch(() => undefined)) as { message?: string } | undefined;
  if (!response.ok) {
    throw new ApiError(response.status, body?.message ?? `${url} answered ${response.status}`);
  }
  return body as T;
}

export const fetchMeta = (): Promise<Meta> => getJson<Meta>('/api/meta');

export const fetchCounts = (
  breakdown: Breakdown,
  range: { from: string; to: string; granularity: Granularity; basis: Basis },
): Promise<CountSeries> => getJson<CountSeries>('/api/counts', { breakdown, ...range });

/** Several breakdowns from one read of the counters (`also=`), each as its own CountSeries. */
export async function fetchCountsTogether<B extends Breakdown>(
  breakdowns: readonly [B, ...B[]],
  range: { from: string; to: string; granularity: Granularity; basis: Basis },
): Promise<Record<B, CountSeries>> {
  const [first, ...rest] = breakdowns;
  const body = await getJson<CountSeries & { also?: Record<string, CountSeries['series']> }>('/api/counts', {
    breakdown: first,
    also: rest.join(','),
    ...range,
  });
  const out = { [first]: body } as Record<B, CountSeries>;
  for (const breakdown of rest) {
    out[breakdown] = { ...body, breakdown, series: body.also?.[breakdown] ?? [] };
  }
  return out;
}

export function filterParams(filter: ArticleFilter): Record<string, string> {
  switch (filter.kind) {
    case 'topic':
      return { topic: filter.topic };
    case 'stance':
      return { target: filter.target, stance: filter.stance };
    case 'alignment':
      return { alignment: filter.alignment };
    case 'source':
      return { source: filter.source };
    case 'language':
      return { language: filter.language };
  }
}

export const fetchArticles = (
  filter: ArticleFilter,
  options: { from: string; to: string; limit: number; cursor?: string },
): Promise<ArticlePage> =>
  getJson<ArticlePage>('/api/articles', {
    ...filterParams(filter),
    from: options.from,
    to: options.to,
    limit: String(options.limit),
    cursor: options.cursor,
  });

export const fetchArticle = (articleId: string): Promise<ArticleDetail> =>
  getJson<ArticleDetail>(`/api/articles/${encodeURIComponent(articleId)}`);
