/**
 * The requests a view needs, and the first view's requests started as early
 * as the page allows.
 *
 * `index.html` carries this module's `preload` bundle inline in its `<head>`,
 * so the first requests leave while the HTML is still being parsed, before
 * `app.js` has even been fetched; `app.js` then picks up the same promises
 * (`window.__initialLoad`). Without the inline script (or when it failed to
 * run), `app.js` starts the same requests itself.
 */
import { ALIGNMENT_LABELS } from '../../lambdas/domain/classification';
import {
  type ArticlePage,
  type CountSeries,
  fetchArticles,
  fetchCounts,
  fetchCountsTogether,
  fetchMeta,
  type Meta,
} from './api';
import { addMonths, currentMonth, MAX_MONTHS, readUrlState, seriesRange, type ViewState } from './state';

/** Newest articles per alignment list; every article has one alignment, so together they hold the newest overall. */
export const LATEST_PER_LIST = 50;

/** The breakdowns of the monthly panels, read from one counter query. */
export const MONTHLY_BREAKDOWNS = ['stance', 'language', 'source', 'source_alignment'] as const;
export type MonthlyBreakdown = (typeof MONTHLY_BREAKDOWNS)[number];

/** Everything the panels of one view draw from, each request already under way. */
export interface PanelRequests {
  /** The range the count series cover, and whether it was shortened (day view). */
  readonly range: { from: string; to: string; clipped: boolean };
  readonly topics: Promise<CountSeries>;
  readonly monthly: Promise<Record<MonthlyBreakdown, CountSeries>>;
  /** One page of the newest articles per alignment label. */
  readonly latest: Promise<ArticlePage[]>;
}

/** The first view: the API's vocabulary and the range to show (`empty` when the table has no article at all). */
export interface InitialView {
  readonly meta: Meta;
  readonly state: ViewState;
  readonly empty: boolean;
}

export interface InitialLoad {
  readonly view: Promise<InitialView>;
  /** The first view's panels, or undefined when there is nothing to draw. */
  readonly panels: Promise<PanelRequests | undefined>;
}

declare global {
  interface Window {
    __initialLoad?: InitialLoad;
  }
}

/**
 * Starts every request of a view at once. In the month view the topic series
 * comes from the same counter read as the monthly panels (one request).
 */
export function requestPanels(state: ViewState): PanelRequests {
  const range = seriesRange(state);
  const months = seriesRange({ ...state, granularity: 'month' });
  const monthRange = { from: months.from, to: months.to, granularity: 'month' as const, basis: state.basis };
  let topics: Promise<CountSeries>;
  let monthly: Promise<Record<MonthlyBreakdown, CountSeries>>;
  if (state.granularity === 'month') {
    const together = fetchCountsTogether(['topic', ...MONTHLY_BREAKDOWNS], monthRange);
    topics = together.then((all) => all.topic);
    monthly = together;
  } else {
    topics = fetchCounts('topic', {
      from: range.from,
      to: range.to,
      granularity: state.granularity,
      basis: state.basis,
    });
    monthly = fetchCountsTogether(MONTHLY_BREAKDOWNS, monthRange);
  }
  return {
    range,
    topics,
    monthly,
    latest: latestPerAlignment(state),
  };
}

/**
 * One page of the newest articles per alignment label. Every article carries
 * exactly one of the classifier's fixed alignment labels, so together the
 * pages hold the newest articles overall, and no request waits for `/api/meta`.
 */
const latestPerAlignment = (range: { from: string; to: string }): Promise<ArticlePage[]> =>
  Promise.all(
    ALIGNMENT_LABELS.map((alignment) =>
      fetchArticles(
        { kind: 'alignment', alignment },
        { from: range.from, to: range.to, limit: LATEST_PER_LIST },
      ),
    ),
  );

/**
 * The view a URL asks for. Without a range in the URL it opens on the last
 * 12 months that have data, found from one monthly series of all articles.
 */
export async function resolveView(search: string, meta: Promise<Meta> = fetchMeta()): Promise<InitialView> {
  const url = readUrlState(search);
  const basis = url.basis ?? 'published';
  const granularity = url.granularity ?? 'month';
  const [fetchedMeta, probe] = await Promise.all([
    meta,
    url.from && url.to ? undefined : fetchCounts('all', { ...lastMonths(), granularity: 'month', basis }),
  ]);
  const range = probe ? openingRange(probe, url) : undefined;
  let from = url.from ?? range?.from ?? currentMonth();
  let to = url.to ?? range?.to ?? currentMonth();
  if (from > to) [from, to] = [to, from];
  return {
    meta: fetchedMeta,
    empty: range?.empty ?? false,
    state: { from, to, granularity, basis, filters: url.filters },
  };
}

/**
 * Starts the first view's requests. The default view (no range in the URL,
 * months, publication date) needs no probe: the monthly counts and the
 * newest articles of the whole probe window are asked for at once, and the
 * opening range is cut out of them. Every other view resolves its range
 * first, then asks for its panels.
 */
export function startInitialLoad(search: string): InitialLoad {
  const url = readUrlState(search);
  const meta = fetchMeta();
  const load =
    !url.from &&
    !url.to &&
    (url.basis ?? 'published') === 'published' &&
    (url.granularity ?? 'month') === 'month'
      ? defaultView(url, meta)
      : resolvedView(search, meta);
  // The page awaits these later; until then a failure must not be reported as unhandled.
  const quiet = (request: Promise<unknown>) => void request.catch(() => undefined);
  quiet(load.view);
  quiet(
    load.panels.then((p) => {
      if (p) for (const request of [p.topics, p.monthly, p.latest]) quiet(request);
    }),
  );
  return load;
}

function resolvedView(search: string, meta: Promise<Meta>): InitialLoad {
  const view = resolveView(search, meta);
  return { view, panels: view.then((v) => (v.empty ? undefined : requestPanels(v.state))) };
}

function defaultView(url: ReturnType<typeof readUrlState>, metaP: Promise<Meta>): InitialLoad {
  const window = lastMonths();
  const counts = fetchCountsTogether(['all', 'topic', ...MONTHLY_BREAKDOWNS], {
    ...window,
    granularity: 'month',
    basis: 'published',
  });
  const lists = latestPerAlignment(window);
  const view = Promise.all([metaP, counts]).then(([meta, all]): InitialView => {
    const { from, to, empty } = openingRange(all.all, url);
    return {
      meta,
      empty,
      state: { from, to, granularity: 'month', basis: 'published', filters: url.filters },
    };
  });
  const panels = view.then(({ state, empty }): PanelRequests | undefined => {
    if (empty) return undefined;
    const { from, to } = state;
    const cut = (series: CountSeries): CountSeries => ({
      ...series,
      series: series.series.filter((p) => p.period >= from && p.period <= to),
    });
    // Lists are newest first by publication date, so the range's newest articles are a run of each page.
    const inRange = (date: string | undefined) =>
      date !== undefined && date.slice(0, 7) >= from && date.slice(0, 7) <= to;
    return {
      range: { from, to, clipped: false },
      topics: counts.then((all) => cut(all.topic)),
      monthly: counts.then((all) => ({
        stance: cut(all.stance),
        language: cut(all.language),
        source: cut(all.source),
        source_alignment: cut(all.source_alignment),
      })),
      latest: lists.then((pages) =>
        pages.map((page) => ({ items: page.items.filter((a) => inRange(a.date)) })),
      ),
    };
  });
  return { view, panels };
}

/** The months a range probe covers: the last `MAX_MONTHS` up to this one. */
const lastMonths = (): { from: string; to: string } => {
  const now = currentMonth();
  return { from: addMonths(now, -(MAX_MONTHS - 1)), to: now };
};

/** The last 12 months with data (or up to the URL's `to`), from a monthly series of all articles. */
function openingRange(
  all: CountSeries,
  url: { from?: string; to?: string },
): { from: string; to: string; empty: boolean } {
  const withData = all.series.filter((p) => (p.counts.all ?? 0) > 0).map((p) => p.period);
  const last = withData.at(-1) ?? currentMonth();
  const to = url.to ?? last;
  const from = url.from ?? later(withData[0] ?? last, addMonths(to, -11));
  return { from, to, empty: withData.length === 0 };
}

/** The later of two `YYYY-MM` months. */
const later = (a: string, b: string): string => (a.localeCompare(b) > 0 ? a : b);
