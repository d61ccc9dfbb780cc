/**
 * The breakdowns dashboards chart: which dimension values an article counts
 * under, in which periods, and how counts move when an article appears or is
 * reclassified. Pure: the store turns the deltas into counter updates.
 */
import { facets } from '../../schema/article-table';
import type { ArticleRecord } from './article-record';

/** Topics beyond this many are kept on the record but not counted or indexed. */
export const MAX_COUNTED_TOPICS = 5;

/** The dimension value that counts every article. */
export const ALL = 'ALL';

export type CountBasis = 'published' | 'ingested';
export type Granularity = 'day' | 'month';

/**
 * The dimension values an article belongs to: each topic, each target ×
 * stance label (`none` is the absence of a stance and is not counted), its
 * alignment, language and source. These are also its index entries.
 */
export function articleDimensions(record: ArticleRecord): string[] {
  const out = record.topics.slice(0, MAX_COUNTED_TOPICS).map((t) => facets.topic(t.slug));
  for (const [target, stance] of Object.entries(record.stance)) {
    if (stance.label !== 'none') out.push(facets.stance(target, stance.label));
  }
  out.push(facets.alignment(record.alignment.label), facets.language(record.language));
  if (record.source) out.push(facets.source(record.source));
  return [...new Set(out)];
}

/**
 * Dimension values that are counted but not indexed: cross-tabs a dashboard
 * charts (alignment by source) and could not otherwise get exactly.
 */
export function crossDimensions(record: ArticleRecord): string[] {
  return record.source ? [facets.sourceAlignment(record.source, record.alignment.label)] : [];
}

/** One counter cell: a period of one basis and granularity. */
export interface CounterPeriod {
  readonly basis: CountBasis;
  readonly granularity: Granularity;
  /** `YYYY-MM` or `YYYY-MM-DD`. */
  readonly period: string;
}

/**
 * The periods an article is counted in. By publication date only as precisely
 * as the date is known (a month-precision date counts in the month series, not
 * in any day); by ingestion date always in both.
 */
export function articlePeriods(record: Pick<ArticleRecord, 'date' | 'ingestedAt'>): CounterPeriod[] {
  const out: CounterPeriod[] = [];
  const published = record.date ?? '';
  if (/^\d{4}-\d{2}/.test(published))
    out.push({ basis: 'published', granularity: 'month', period: published.slice(0, 7) });
  if (/^\d{4}-\d{2}-\d{2}/.test(published)) {
    out.push({ basis: 'published', granularity: 'day', period: published.slice(0, 10) });
  }
  out.push(
    { basis: 'ingested', granularity: 'month', period: record.ingestedAt.slice(0, 7) },
    { basis: 'ingested', granularity: 'day', period: record.ingestedAt.slice(0, 10) },
  );
  return out;
}

export interface CounterDelta extends CounterPeriod {
  /** Dimension value (or `ALL`) → signed change. Never empty. */
  readonly changes: Readonly<Record<string, number>>;
}

/**
 * How counters move from one stored state of an article to the next:
 * `before` undefined is a new article (+1 everywhere), a reclassification
 * moves counts between dimension values, and no change gives no deltas, so a
 * redelivery or a duplicate upload never counts twice.
 */
export function counterDeltas(before: ArticleRecord | undefined, after: ArticleRecord): CounterDelta[] {
  const cells = new Map<string, { period: CounterPeriod; changes: Record<string, number> }>();
  const apply = (record: ArticleRecord, sign: 1 | -1) => {
    const dimensions = [ALL, ...articleDimensions(record), ...crossDimensions(record)];
    for (const period of articlePeriods(record)) {
      const id = `${period.basis}|${period.granularity}|${period.period}`;
      const cell = cells.get(id) ?? { period, changes: {} };
      for (const d of dimensions) cell.changes[d] = (cell.changes[d] ?? 0) + sign;
      cells.set(id, cell);
    }
  };
  if (before) apply(before, -1);
  apply(after, 1);
  const out: CounterDelta[] = [];
  for (const { period, changes } of cells.values()) {
    const nonZero = Object.fromEntries(Object.entries(changes).filter(([, n]) => n !== 0));
    if (Object.keys(nonZero).length > 0) out.push({ ...period, changes: nonZero });
  }
  return out;
}
