/** The query API as the page uses it (same origin, `/api/...`). Shapes mirror /work/helpers/API.md. */

export type Granularity = 'day' | 'month';
export type Basis = 'published' | 'ingested';
export type Breakdown = 'topic' | 'stance' | 'alignment' | 'language' | 'source' | 'source_alignment' | 'all';

export interface Meta {
  readonly targets: readonly string[];
  readonly topics: readonly string[];
  readonly alignments: readonly string[];
  readonly stances: readonly string[];
  readonly languages: readonly string[];
}

export interface SeriesPoint {
  readonly period: string;
  readonly counts: Readonly<Record<string, number>>;
}

export interface CountSeries {
  readonly granularity: Granularity;
  readonly basis: Basis;
  readonly breakdown: Breakdown;
  readonly series: readonly SeriesPoint[];
}

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

export interface ArticlePage {
  readonly items: readonly ArticleSummary[];
  readonly cursor?: string;
}

export interface Evidence {
  readonly phrase: string;
  readonly field: 'title' | 'text';
  readonly start: number;
  readonly end: number;
  readonly sentence: number;
  readonly weight: number;
  readonly cue: string;
}

export interface TargetStance {
  readonly label: string;
  readonly score: number;
  readonly evidence: readonly Evidence[];
}

export interface ArticleDetail {
  readonly articleId: string;
  readonly title: string;
  readonly lead?: string;
  readonly body: string;
  readonly bodyTruncated?: boolean;
  readonly date?: string;
  readonly language: string;
  readonly source?: string;
  readonly url?: string;
  readonly key: string;
  readonly bucket: string;
  readonly topics: readonly { readonly slug: string; readonly score: number }[];
  readonly stance: Readonly<Record<string, TargetStance>>;
  readonly alignment: { readonly label: string; readonly score: number };
  readonly classifier?: { readonly name: string; readonly version: string };
  readonly ingestedAt: string;
}

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
