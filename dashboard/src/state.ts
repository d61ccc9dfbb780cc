/** What the page shows, kept in the URL so a view can be shared and reloaded. */
import type { Basis, Granularity } from './api';

export interface ListFilters {
  readonly topic?: string;
  /** `target:stance`, e.g. `russia:against`. */
  readonly stance?: string;
  readonly language?: string;
}

export interface ViewState {
  /** `YYYY-MM`, inclusive. */
  readonly from: string;
  readonly to: string;
  readonly granularity: Granularity;
  readonly basis: Basis;
  readonly filters: ListFilters;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const isMonth = (value: string | null | undefined): value is string =>
  typeof value === 'string' && MONTH.test(value);

/** Reads the state from `location.search`; from/to are undefined when absent or malformed. */
export function readUrlState(search: string): Partial<ViewState> & { filters: ListFilters } {
  const q = new URLSearchParams(search);
  const from = q.get('from');
  const to = q.get('to');
  const granularity = q.get('granularity');
  const basis = q.get('basis');
  const pick = (name: string) => q.get(name) || undefined;
  return {
    ...(isMonth(from) ? { from } : {}),
    ...(isMonth(to) ? { to } : {}),
    ...(granularity === 'day' || granularity === 'month' ? { granularity } : {}),
    ...(basis === 'published' || basis === 'ingested' ? { basis } : {}),
    filters: { topic: pick('topic'), stance: pick('stance'), language: pick('language') },
  };
}

export function writeUrlState(state: ViewState): void {
  const q = new URLSearchParams({ from: state.from, to: state.to });
  if (state.granularity !== 'month') q.set('granularity', state.granularity);
  if (state.basis !== 'published') q.set('basis', state.basis);
  for (const [name, value] of Object.entries(state.filters)) if (value) q.set(name, value);
  history.replaceState(null, '', `${location.pathname}?${q}`);
}

/** `2024-03` plus `n` months (n may be negative). */
export function addMonths(month: string, n: number): string {
  const [y = 0, m = 1] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export const monthsBetween = (from: string, to: string): number => {
  const [fy = 0, fm = 1] = from.split('-').map(Number);
  const [ty = 0, tm = 1] = to.split('-').map(Number);
  return (ty - fy) * 12 + (tm - fm) + 1;
};

export const currentMonth = (): string => new Date().toISOString().slice(0, 7);

/** The API allows at most 366 days; the day view covers at most the last 12 months of the range. */
export const MAX_DAY_MONTHS = 12;
/** The API allows at most 120 months. */
export const MAX_MONTHS = 120;

/**
 * The range the count series are asked for: the chosen months, shortened at
 * the start when the granularity cannot cover them. `clipped` says so.
 */
export function seriesRange(state: ViewState): { from: string; to: string; clipped: boolean } {
  const max = state.granularity === 'day' ? MAX_DAY_MONTHS : MAX_MONTHS;
  if (monthsBetween(state.from, state.to) <= max) return { from: state.from, to: state.to, clipped: false };
  return { from: addMonths(state.to, -(max - 1)), to: state.to, clipped: true };
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2024-03` → `Mar 2024`, `2024-03-05` → `5 Mar 2024`, `2024` → `2024`. */
export function formatPeriod(period: string, short = false): string {
  const [y, m, d] = period.split('-');
  const month = m ? MONTH_NAMES[Number(m) - 1] : undefined;
  if (!month) return period;
  if (d) return short ? `${Number(d)} ${month}` : `${Number(d)} ${month} ${y}`;
  return short ? `${month} ${y?.slice(2)}` : `${month} ${y}`;
}
