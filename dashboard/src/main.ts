/**
 * The dashboard page: reads the query API (same origin) and draws the topic
 * trend, stance per target, alignment by source and the latest articles.
 * It only ever fetches count series and bounded pages of articles, so it
 * costs the same with ten or ten million articles in the table.
 */
import { ApiError, type ArticleSummary, type CountSeries, type Meta } from './api';
import { articleRow, type ListResult, loadList, PAGE_SIZE, showArticle } from './articles';
import { type ChartHandle, legend, stackedBarChart } from './charts';
import { byId, formatNumber, formatPercent, h, label, replaceChildren } from './dom';
import { type InitialLoad, type PanelRequests, requestPanels, startInitialLoad } from './initial-load';
import { formatPeriod, type ListFilters, type ViewState, writeUrlState } from './state';

const TOPIC_COLORS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
];
const OTHER_COLOR = '#bab0ac';
const STANCE_COLORS: Record<string, string> = { favor: '#009e73', neutral: '#b8bec7', against: '#d55e00' };
const ALIGNMENT_COLORS: Record<string, string> = {
  pro_kremlin: '#c8412f',
  pro_western: '#2f6db5',
  balanced: '#8a94a6',
  not_applicable: '#d9dde3',
};
const TOP_SOURCES = 8;

/** What the page drew, for tests and for debugging in the console. */
interface DebugState {
  state: 'loading' | 'ready' | 'empty' | 'error';
  range?: { from: string; to: string; granularity: string; basis: string };
  topic?: { periods: string[]; series: { name: string; values: number[] }[] };
  stance?: Record<string, { periods: string[]; favor: number[]; against: number[]; neutral: number[] }>;
  alignmentBySource?: { sample: number; sources: { source: string; counts: Record<string, number> }[] };
  articles?: { note: string; titles: string[] };
  error?: string;
  /** Milliseconds from navigation start until the page was first ready, and until the topic chart was drawn. */
  readyMs?: number;
  topicChartMs?: number;
}

declare global {
  interface Window {
    __dashboard: DebugState;
  }
}

const debug: DebugState = { state: 'loading' };
window.__dashboard = debug;

let meta: Meta;
let booted = false;
let state: ViewState;
let topicCharts: ChartHandle[] = [];
let stanceCharts: ChartHandle[] = [];
let latest: ArticleSummary[] = [];
let renderRun = 0;
let listRun = 0;

function setPageState(next: DebugState['state'], error?: string): void {
  debug.state = next;
  if (error) debug.error = error;
  if (next !== 'loading' && debug.readyMs === undefined) debug.readyMs = Math.round(performance.now());
  document.body.dataset.state = next;
}

function showBanner(message: string | undefined): void {
  const banner = byId('banner');
  banner.hidden = !message;
  replaceChildren(
    banner,
    message,
    message ? h('button', { type: 'button', class: 'btn-small', onclick: retry }, 'Retry') : undefined,
  );
}

const sum = (values: Iterable<number>): number => {
  let total = 0;
  for (const v of values) total += v;
  return total;
};

/** Totals per value over a series: a trivial sum of the API's numbers. */
function totalsOf(series: CountSeries): Map<string, number> {
  const totals = new Map<string, number>();
  for (const point of series.series) {
    for (const [name, n] of Object.entries(point.counts)) totals.set(name, (totals.get(name) ?? 0) + n);
  }
  return totals;
}

const ranked = (totals: Map<string, number>): [string, number][] =>
  [...totals].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

/** Retry after a failure: redraw the view, or start again when even the first view could not be resolved. */
function retry(): void {
  if (booted) void render();
  else void boot(startInitialLoad(location.search));
}

// The inline script in index.html has usually started the first view's requests already.
async function boot(
  initial: InitialLoad = window.__initialLoad ?? startInitialLoad(location.search),
): Promise<void> {
  try {
    const view = await initial.view;
    meta = view.meta;
    state = view.state;
    booted = true;
    setupControls();
    if (view.empty) {
      showEmpty(true);
      return;
    }
    await render(await initial.panels);
  } catch (error) {
    fail(error);
  }
}

function fail(error: unknown): void {
  const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  showBanner(`Could not load the dashboard: ${message}`);
  setPageState('error', message);
}

function showEmpty(nothingAtAll: boolean): void {
  const empty = byId('empty');
  empty.hidden = false;
  replaceChildren(
    empty,
    h('h2', {}, nothingAtAll ? 'No data yet — drop files into the bucket' : 'No articles in this date range'),
    nothingAtAll
      ? h(
          'p',
          {},
          'Upload article files under ',
          h('code', {}, 'incoming/'),
          ' in the drop bucket (in local mode: ',
          h('code', {}, 'aws s3 cp my-article.txt s3://<bucket>/incoming/ --endpoint-url <local S3>'),
          '). Charts fill in as soon as they are ingested; reload this page.',
        )
      : h(
          'p',
          {},
          `Nothing was ${state.basis} between ${formatPeriod(state.from)} and ${formatPeriod(state.to)}. Widen the range above.`,
        ),
  );
  setPageState('empty');
}

function setupControls(): void {
  const from = byId<HTMLInputElement>('from');
  const to = byId<HTMLInputElement>('to');
  const basis = byId<HTMLSelectElement>('basis');
  from.value = state.from;
  to.value = state.to;
  basis.value = state.basis;
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="granularity"]')) {
    radio.checked = radio.value === state.granularity;
    radio.addEventListener('change', () => {
      if (radio.checked) update({ granularity: radio.value === 'day' ? 'day' : 'month' });
    });
  }
  const onRange = () => {
    if (!from.value || !to.value) return;
    const [a, b] = from.value <= to.value ? [from.value, to.value] : [to.value, from.value];
    update({ from: a, to: b });
  };
  from.addEventListener('change', onRange);
  to.addEventListener('change', onRange);
  basis.addEventListener('change', () =>
    update({ basis: basis.value === 'ingested' ? 'ingested' : 'published' }),
  );

  fillSelect(
    byId('filter-topic'),
    'All topics',
    meta.topics.map((t) => [t, label(t)]),
  );
  const stance = byId<HTMLSelectElement>('filter-stance');
  replaceChildren(
    stance,
    h('option', { value: '' }, 'Any stance'),
    meta.targets.map((t) =>
      h(
        'optgroup',
        { label: label(t) },
        meta.stances.map((s) => h('option', { value: `${t}:${s}` }, `${label(t)}: ${s}`)),
      ),
    ),
  );
  fillSelect(
    byId('filter-language'),
    'All languages',
    meta.languages.map((l) => [l, l.toUpperCase()]),
  );
  const bind = (id: string, key: keyof ListFilters) => {
    const select = byId<HTMLSelectElement>(id);
    select.value = state.filters[key] ?? '';
    select.addEventListener('change', () => {
      state = { ...state, filters: { ...state.filters, [key]: select.value || undefined } };
      writeUrlState(state);
      void renderList();
    });
  };
  bind('filter-topic', 'topic');
  bind('filter-stance', 'stance');
  bind('filter-language', 'language');
  byId('filter-clear').addEventListener('click', () => {
    for (const id of ['filter-topic', 'filter-stance', 'filter-language'])
      byId<HTMLSelectElement>(id).value = '';
    state = { ...state, filters: {} };
    writeUrlState(state);
    void renderList();
  });
  byId('article-close').addEventListener('click', () => byId<HTMLDialogElement>('article-dialog').close());
  byId('article-dialog').addEventListener('click', (event) => {
    if (event.target === event.currentTarget) byId<HTMLDialogElement>('article-dialog').close();
  });
}

function fillSelect(select: HTMLElement, any: string, options: [string, string][]): void {
  replaceChildren(
    select,
    h('option', { value: '' }, any),
    options.map(([value, text]) => h('option', { value }, text)),
  );
}

function update(change: Partial<ViewState>): void {
  state = { ...state, ...change };
  void render();
}

/** Draws the current view; `requested` are its requests when they were started before (the first view). */
async function render(requested?: PanelRequests): Promise<void> {
  const run = ++renderRun;
  writeUrlState(state);
  setPageState('loading');
  showBanner(undefined);
  debug.range = { from: state.from, to: state.to, granularity: state.granularity, basis: state.basis };
  // Every request goes out at once; each panel draws as soon as its numbers arrive.
  const { range, topics: topicsP, monthly: monthlyP, latest: listsP } = requested ?? requestPanels(state);
  const stanceP = monthlyP.then((m) => m.stance);
  const languagesP = monthlyP.then((m) => m.language);
  const sourcesP = monthlyP.then((m) => m.source);
  const sourceAlignmentP = monthlyP.then((m) => m.source_alignment);
  const when = <T>(promise: Promise<T>, draw: (value: T) => void | Promise<void>) =>
    promise.then(async (value) => {
      if (run === renderRun) await draw(value);
    });
  let empty = false;
  try {
    await Promise.all([
      when(topicsP, (topics) => renderTopics(topics, range.clipped)),
      when(stanceP, renderStance),
      when(Promise.all([languagesP, topicsP, sourcesP]), ([languages, topics, sources]) => {
        // Every article has exactly one language, so the language series sum to the article total.
        const languageTotals = totalsOf(languages);
        const total = sum(languageTotals.values());
        byId('empty').hidden = total > 0;
        if (total === 0) {
          empty = true;
          showEmpty(false);
          return;
        }
        renderKpis(total, totalsOf(topics), totalsOf(sources), languageTotals);
      }),
      when(sourceAlignmentP, (crossTab) => renderAlignment(totalsOf(crossTab))),
      when(listsP, async (byAlignment) => {
        // Every article has exactly one alignment label, so the newest of each list together are the newest overall.
        latest = byAlignment
          .flatMap((page) => page.items)
          .sort(
            (a, b) => (b.date ?? '').localeCompare(a.date ?? '') || b.articleId.localeCompare(a.articleId),
          )
          .slice(0, PAGE_SIZE);
        await renderList();
      }),
    ]);
    if (run !== renderRun || empty) return;
    setPageState('ready');
  } catch (error) {
    if (run === renderRun) fail(error);
  }
}

function kpi(title: string, value: string, detail: string): HTMLElement {
  return h(
    'div',
    { class: 'kpi' },
    h('div', { class: 'kpi-label' }, title),
    h('div', { class: 'kpi-value' }, value),
    h('div', { class: 'kpi-detail' }, detail),
  );
}

function renderKpis(
  total: number,
  topics: Map<string, number>,
  sources: Map<string, number>,
  languages: Map<string, number>,
): void {
  const [topTopic, topTopicN = 0] = ranked(topics)[0] ?? [];
  const [topSource, topSourceN = 0] = ranked(sources)[0] ?? [];
  const langs = ranked(languages);
  replaceChildren(
    byId('kpis'),
    kpi(
      'Articles',
      formatNumber(total),
      `${formatPeriod(state.from)} – ${formatPeriod(state.to)}, by ${state.basis} date`,
    ),
    kpi(
      'Top topic',
      topTopic ? label(topTopic) : '—',
      topTopic
        ? `${formatNumber(topTopicN)} articles (${formatPercent(topTopicN / total)})`
        : 'no topic assigned',
    ),
    kpi(
      'Most active source',
      topSource ?? '—',
      topSource
        ? `${formatNumber(topSourceN)} articles · ${ranked(sources).length} sources`
        : 'no source known',
    ),
    kpi(
      'Languages',
      langs.map(([l]) => l.toUpperCase()).join(' · ') || '—',
      langs.map(([l, n]) => `${l.toUpperCase()} ${formatPercent(n / total)}`).join(', '),
    ),
  );
}

function renderTopics(topics: CountSeries, clipped: boolean): void {
  for (const chart of topicCharts) chart.destroy();
  topicCharts = [];
  const periods = topics.series.map((p) => p.period);
  const order = ranked(totalsOf(topics));
  const shown = order.length > TOPIC_COLORS.length + 1 ? order.slice(0, TOPIC_COLORS.length) : order;
  const rest = order.slice(shown.length).map(([name]) => name);
  const series = shown.map(([name], i) => ({
    name,
    label: label(name),
    color: TOPIC_COLORS[i % TOPIC_COLORS.length] ?? OTHER_COLOR,
    values: topics.series.map((p) => p.counts[name] ?? 0),
  }));
  if (rest.length > 0) {
    series.push({
      name: 'other',
      label: `Other (${rest.length} topics)`,
      color: OTHER_COLOR,
      values: topics.series.map((p) => sum(rest.map((name) => p.counts[name] ?? 0))),
    });
  }
  debug.topicChartMs ??= Math.round(performance.now());
  debug.topic = { periods, series: series.map((s) => ({ name: s.name, values: [...s.values] })) };
  const container = byId('topic-chart');
  container.dataset.series = JSON.stringify(series.map((s) => s.name));
  byId('topic-sub').textContent =
    `Articles per ${state.granularity} by topic, by ${state.basis} date. An article counts once for each of its topics.` +
    (clipped
      ? ` The day view shows the last 12 months of the range (from ${formatPeriod(periods[0] ?? '')}).`
      : '');
  replaceChildren(byId('topic-legend'), legend(series.map((s) => ({ ...s, total: sum(s.values) }))));
  if (series.length === 0) {
    replaceChildren(container, h('p', { class: 'chart-empty' }, 'No article in this range has a topic.'));
    return;
  }
  topicCharts.push(
    stackedBarChart(container, {
      periods,
      series,
      height: 280,
      title: `Stacked bar chart of articles per ${state.granularity} by topic`,
    }),
  );
}

function renderStance(stance: CountSeries): void {
  for (const chart of stanceCharts) chart.destroy();
  stanceCharts = [];
  const grid = byId('stance-grid');
  const periods = stance.series.map((p) => p.period);
  debug.stance = {};
  replaceChildren(grid);
  for (const target of meta.targets) {
    const values = (label: string) => stance.series.map((p) => p.counts[`${target}:${label}`] ?? 0);
    const favor = values('favor');
    const neutral = values('neutral');
    const against = values('against');
    debug.stance[target] = { periods, favor, against, neutral };
    const total = sum(favor) + sum(neutral) + sum(against);
    const chart = h('div', {
      class: 'chart chart-small',
      id: `stance-chart-${target}`,
      'data-target': target,
    });
    const share = (xs: number[]) => (total === 0 ? '—' : formatPercent(sum(xs) / total));
    grid.appendChild(
      h(
        'figure',
        { class: 'stance-panel', 'data-target': target },
        h(
          'figcaption',
          {},
          h('span', { class: 'stance-title' }, label(target)),
          h('span', { class: 'muted' }, `${formatNumber(total)} articles with a stance`),
        ),
        h(
          'div',
          { class: 'stance-summary' },
          h('span', { class: 'pill stance-favor' }, `favor ${share(favor)}`),
          h('span', { class: 'pill stance-neutral' }, `neutral ${share(neutral)}`),
          h('span', { class: 'pill stance-against' }, `against ${share(against)}`),
        ),
        chart,
      ),
    );
    if (total === 0) {
      replaceChildren(
        chart,
        h('p', { class: 'chart-empty' }, `No article in this range takes a stance on ${label(target)}.`),
      );
      continue;
    }
    stanceCharts.push(
      stackedBarChart(chart, {
        periods,
        series: [
          { name: 'favor', label: 'Favor', color: STANCE_COLORS.favor ?? '', values: favor },
          { name: 'neutral', label: 'Neutral', color: STANCE_COLORS.neutral ?? '', values: neutral },
          { name: 'against', label: 'Against', color: STANCE_COLORS.against ?? '', values: against },
        ],
        height: 170,
        percent: true,
        title: `Share of favor, neutral and against articles on ${label(target)} per month`,
      }),
    );
  }
}

/** Alignment by source, exact: from the source × alignment counters (`rt.de:pro_kremlin` → n). */
function renderAlignment(crossTab: Map<string, number>): void {
  const bySource = new Map<string, Record<string, number>>();
  for (const [key, n] of crossTab) {
    const cut = key.lastIndexOf(':');
    const source = key.slice(0, cut);
    const counts = bySource.get(source) ?? {};
    counts[key.slice(cut + 1)] = (counts[key.slice(cut + 1)] ?? 0) + n;
    bySource.set(source, counts);
  }
  const rows = [...bySource]
    .map(([source, counts]) => ({ source, counts, n: sum(Object.values(counts)) }))
    .filter((row) => row.n > 0)
    .sort((a, b) => b.n - a.n || a.source.localeCompare(b.source))
    .slice(0, TOP_SOURCES);
  const covered = sum(rows.map((row) => row.n));
  debug.alignmentBySource = {
    sample: covered,
    sources: rows.map(({ source, counts }) => ({ source, counts })),
  };
  byId('alignment-sub').textContent =
    `Alignment mix of every article in the range, for the ${rows.length} sources with the most articles.`;
  replaceChildren(
    byId('alignment-chart'),
    legend(meta.alignments.map((a) => ({ label: label(a), color: ALIGNMENT_COLORS[a] ?? OTHER_COLOR }))),
    h(
      'ul',
      { class: 'hbars' },
      rows.map(({ source, counts, n }) =>
        h(
          'li',
          { 'data-source': source },
          h(
            'div',
            { class: 'hbar-label' },
            h('span', { class: 'hbar-name' }, source),
            h('span', { class: 'muted' }, `${formatNumber(n)} in range`),
          ),
          h(
            'div',
            {
              class: 'hbar',
              role: 'img',
              'aria-label': `${source}: ${meta.alignments.map((a) => `${label(a)} ${counts[a] ?? 0}`).join(', ')}`,
            },
            meta.alignments
              .filter((a) => (counts[a] ?? 0) > 0)
              .map((a) =>
                h('span', {
                  class: 'hbar-seg',
                  style: `width:${((counts[a] ?? 0) / n) * 100}%;background:${ALIGNMENT_COLORS[a] ?? OTHER_COLOR}`,
                  title: `${label(a)}: ${counts[a]} of ${n} (${formatPercent((counts[a] ?? 0) / n)})`,
                }),
              ),
          ),
        ),
      ),
    ),
    rows.length === 0 ? h('p', { class: 'chart-empty' }, 'No articles in this range.') : undefined,
    h(
      'p',
      { class: 'note' },
      'Exact counts from /api/counts?breakdown=source_alignment; articles without a known source are not shown.',
    ),
  );
}

async function renderList(): Promise<void> {
  const run = ++listRun;
  const body = byId('articles-body');
  const more = byId<HTMLButtonElement>('articles-more');
  byId('articles-card').setAttribute('aria-busy', 'true');
  let result: ListResult;
  try {
    result = await loadList({ meta, from: state.from, to: state.to, filters: state.filters, latest });
  } catch (error) {
    if (run !== listRun) return;
    replaceChildren(
      body,
      h(
        'tr',
        {},
        h('td', { colspan: 4, class: 'error-text' }, `Could not load articles: ${(error as Error).message}`),
      ),
    );
    byId('articles-card').removeAttribute('aria-busy');
    return;
  }
  if (run !== listRun) return;
  const open = (id: string) => void showArticle(id, meta);
  const rows: ArticleSummary[] = [...result.rows];
  replaceChildren(
    body,
    rows.length > 0
      ? rows.map((a) => articleRow(a, meta, open))
      : h(
          'tr',
          {},
          h('td', { colspan: 4, class: 'empty-row' }, 'No articles match these filters in this range.'),
        ),
  );
  byId('articles-note').textContent = result.note;
  debug.articles = { note: result.note, titles: rows.map((a) => a.title) };
  let next = result.more;
  more.hidden = !next;
  more.onclick = async () => {
    if (!next) return;
    more.disabled = true;
    let page: ListResult;
    try {
      page = await next();
    } catch (error) {
      more.textContent = `Could not load more: ${(error as Error).message}. Try again`;
      return;
    } finally {
      more.disabled = false;
    }
    more.textContent = 'Load older articles';
    rows.push(...page.rows);
    for (const a of page.rows) body.appendChild(articleRow(a, meta, open));
    debug.articles = { note: result.note, titles: rows.map((a) => a.title) };
    next = page.more;
    more.hidden = !next;
  };
  byId('articles-card').removeAttribute('aria-busy');
}

void boot();
