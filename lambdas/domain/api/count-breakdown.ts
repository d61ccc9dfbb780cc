/**
 * Count series for dashboards: which counter dimensions a breakdown reads,
 * and how the store's points become the API's series (prefixes stripped,
 * every period in the range present, zero-filled).
 */
import { ALL, type CountBasis, type Granularity } from '../breakdowns';
import type { CountPoint } from '../queries';
import { periodsBetween } from './periods';

export const BREAKDOWNS = [
  'topic',
  'stance',
  'alignment',
  'language',
  'source',
  'source_alignment',
  'all',
] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

/** Counter dimension prefix of each breakdown (see `facets` in schema/article-table.ts); `all` reads `ALL`. */
const PREFIXES: Readonly<Record<Exclude<Breakdown, 'all'>, string>> = {
  topic: 'TOPIC#',
  stance: 'STANCE#',
  alignment: 'ALIGNMENT#',
  language: 'LANG#',
  source: 'SOURCE#',
  source_alignment: 'SOURCE_ALIGNMENT#',
};

/** The `dimensions` of a `CountQuery` for a breakdown. */
export function breakdownDimensions(breakdown: Breakdown): string[] {
  return breakdown === 'all' ? [ALL] : [PREFIXES[breakdown]];
}

/**
 * The dimension value as the API shows it, or undefined when it is not part
 * of the breakdown: `TOPIC#politics` → `politics`, `STANCE#russia#favor` →
 * `russia:favor`, `SOURCE_ALIGNMENT#rt.de#pro_kremlin` → `rt.de:pro_kremlin`, `ALL` → `all`.
 */
export function breakdownValue(breakdown: Breakdown, dimension: string): string | undefined {
  if (breakdown === 'all') return dimension === ALL ? 'all' : undefined;
  const prefix = PREFIXES[breakdown];
  if (!dimension.startsWith(prefix) || dimension.length === prefix.length) return undefined;
  const value = dimension.slice(prefix.length);
  if (breakdown === 'stance') return value.replace('#', ':');
  if (breakdown === 'source_alignment') {
    const cut = value.lastIndexOf('#');
    return `${value.slice(0, cut)}:${value.slice(cut + 1)}`;
  }
  return value;
}

export interface SeriesPoint {
  readonly period: string;
  readonly counts: Readonly<Record<string, number>>;
}

export interface CountSeries {
  readonly granularity: Granularity;
  readonly basis: CountBasis;
  readonly breakdown: Breakdown;
  readonly series: readonly SeriesPoint[];
}

export interface SeriesRequest {
  readonly breakdown: Breakdown;
  readonly granularity: Granularity;
  readonly basis: CountBasis;
  readonly from: string;
  readonly to: string;
}

/**
 * The response series: one point per period from `from` to `to` (inclusive,
 * at the request's granularity), in order, with the breakdown's values and
 * their non-zero counts. Periods with no counts have `counts: {}`; points
 * outside the range and dimensions outside the breakdown are dropped.
 */
export function toCountSeries(request: SeriesRequest, points: readonly CountPoint[]): CountSeries {
  const byPeriod = new Map<string, Record<string, number>>();
  for (const point of points) {
    const counts = byPeriod.get(point.period) ?? {};
    for (const [dimension, n] of Object.entries(point.counts)) {
      const value = breakdownValue(request.breakdown, dimension);
      if (value !== undefined && n !== 0) counts[value] = (counts[value] ?? 0) + n;
    }
    byPeriod.set(point.period, counts);
  }
  const series = periodsBetween(request.granularity, request.from, request.to).map((period) => ({
    period,
    counts: Object.fromEntries(Object.entries(byPeriod.get(period) ?? {}).filter(([, n]) => n !== 0)),
  }));
  return { granularity: request.granularity, basis: request.basis, breakdown: request.breakdown, series };
}
