/**
 * The dashboard page in a real browser (Debian's chromium driven by
 * playwright-core): after a known set of articles is stored, the charts show
 * the right series, a filter changes the article list, and an article opens
 * with its stance evidence highlighted. Saves test-artifacts/dashboard.png.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { DynamoArticleQueries } from '../../lambdas/adapters/dynamo-article-queries';
import { DynamoArticleStore } from '../../lambdas/adapters/dynamo-article-store';
import { createApiHandler } from '../../lambdas/api/api-handler';
import { API_ROUTE_KEYS } from '../../lambdas/api/api-routes';
import { ingestedUpload } from '../../lambdas/domain/article-record';
import { ALIGNMENT_LABELS } from '../../lambdas/domain/classification';
import { ensureTable, toCreateTableInput } from '../../local/article-table-setup';
import { buildDashboardAssets } from '../../local/dashboard-assets';
import { type RunningDynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local';
import { type RunningHttpApiServer, startHttpApiServer } from '../../local/http-api-server';
import { ARTICLE_TABLE } from '../../schema/article-table';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/lib/chromium';
import {
  expectedStance,
  expectedTopicSeries,
  recordOf,
  SPECS,
  TARGETS,
  titlesWhere,
} from './dashboard-fixtures';

const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts');
// The fixtures are dated 2024; the page opens on data up to 120 months back, so this holds until 2033.
const MONTHS = ['2024-01', '2024-02', '2024-03'];

interface DashboardDebug {
  state: string;
  range?: { from: string; to: string; granularity: string; basis: string };
  topic?: { periods: string[]; series: { name: string; values: number[] }[] };
  stance?: Record<string, { periods: string[]; favor: number[]; against: number[]; neutral: number[] }>;
  alignmentBySource?: { sample: number; sources: { source: string; counts: Record<string, number> }[] };
  articles?: { note: string; titles: string[] };
}

let dataDir: string;
let dynamo: RunningDynamoDbLocal;
let raw: DynamoDBClient;
let server: RunningHttpApiServer;
let emptyServer: RunningHttpApiServer;
let browser: BrowserContext;
let page: Page;
const problems: string[] = [];

const serve = async (client: DynamoDBDocumentClient, table: string, staticDir: string) =>
  startHttpApiServer({
    port: 0,
    staticDir,
    routeKeys: API_ROUTE_KEYS,
    handler: createApiHandler({
      queries: new DynamoArticleQueries(client, table),
      logger: new Logger({ serviceName: 'dashboard-test', logLevel: 'SILENT' }),
    }),
  });

beforeAll(async () => {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: install Debian's chromium package (apt-get install -y chromium).`,
    );
  }
  dataDir = mkdtempSync(path.join(tmpdir(), 'dashboard-test-'));
  const [started, staticDir] = await Promise.all([
    startDynamoDbLocal({ directory: path.join(dataDir, 'dynamodb'), port: 0 }),
    buildDashboardAssets(path.join(dataDir, 'site')),
  ]);
  dynamo = started;
  raw = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await Promise.all([
    ensureTable(raw, toCreateTableInput(ARTICLE_TABLE, 'dashboard')),
    ensureTable(raw, toCreateTableInput(ARTICLE_TABLE, 'dashboard-empty')),
  ]);
  const client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  const store = new DynamoArticleStore(client, 'dashboard');
  for (const [i, spec] of SPECS.entries()) {
    const record = recordOf(spec, i);
    const ref = { bucket: record.bucket, key: record.key, versionId: 'v1', etag: 'e1' };
    await store.saveArticle(record, ingestedUpload(ref, record.articleId, record.ingestedAt));
  }
  [server, emptyServer] = await Promise.all([
    serve(client, 'dashboard', staticDir),
    serve(client, 'dashboard-empty', staticDir),
  ]);

  // A persistent context on a fresh, empty profile directory: nothing carries over between runs.
  browser = await chromium.launchPersistentContext(path.join(dataDir, 'chromium-profile'), {
    executablePath: CHROMIUM_PATH,
    viewport: { width: 1360, height: 900 },
    args: [...CHROMIUM_ARGS],
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([server?.close(), emptyServer?.close()]);
  raw?.destroy();
  await dynamo?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const debugState = (): Promise<DashboardDebug> =>
  page.evaluate('window.__dashboard') as Promise<DashboardDebug>;

async function waitForReady(): Promise<DashboardDebug> {
  await page.waitForSelector('body[data-state="ready"], body[data-state="error"], body[data-state="empty"]');
  const state = await debugState();
  if (state.state !== 'ready') throw new Error(`The dashboard is ${state.state}: ${JSON.stringify(state)}`);
  return state;
}

/** Pixels of a canvas that are not fully transparent: > 0 once something is drawn. */
const paintedPixels = (selector: string): Promise<number> =>
  page.evaluate(`(() => {
    const canvas = document.querySelector(${JSON.stringify(selector)});
    if (!canvas) return -1;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return n;
  })()`) as Promise<number>;

const listTitles = () => page.locator('#articles-body tr[data-article-id] .link').allTextContents();

async function waitForList(expected: readonly string[]): Promise<void> {
  await page.waitForFunction(
    `JSON.stringify([...document.querySelectorAll('#articles-body tr[data-article-id] .link')].map((b) => b.textContent)) === ${JSON.stringify(JSON.stringify(expected))}`,
  );
}

describe('dashboard page', () => {
  it('opens on the months that have data and stacks the topic trend by topic', async () => {
    await page.goto(server.url);
    const state = await waitForReady();
    expect(state.range).toMatchObject({ from: '2024-01', to: '2024-03', granularity: 'month' });

    const expected = expectedTopicSeries(MONTHS);
    expect(state.topic?.periods).toEqual(MONTHS);
    const drawn = Object.fromEntries(state.topic?.series.map((s) => [s.name, s.values]) ?? []);
    expect(drawn).toEqual(expected);
    const names = JSON.parse((await page.getAttribute('#topic-chart', 'data-series')) ?? '[]');
    expect([...names].sort()).toEqual(Object.keys(expected).sort());
    expect(await page.locator('#topic-legend li').count()).toBe(Object.keys(expected).length);
    expect(await paintedPixels('#topic-chart canvas')).toBeGreaterThan(1000);
    expect(await page.locator('#kpis .kpi-value').first().textContent()).toBe(String(SPECS.length));
  });

  it('starts the first view from the inline script in the HTML, and the page reuses those requests', async () => {
    const requested: string[] = [];
    const onRequest = (request: { url(): string }) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/')) requested.push(`${url.pathname}${url.search}`);
    };
    page.on('request', onRequest);
    try {
      await page.goto(server.url);
      await waitForReady();
    } finally {
      page.off('request', onRequest);
    }
    const html = await (await fetch(server.url)).text();
    const inline = html.indexOf('<script>');
    expect(html).not.toContain('<!-- preload -->');
    expect(inline).toBeGreaterThan(html.indexOf('<head>'));
    expect(inline).toBeLessThan(html.indexOf('href="app.css"'));
    expect(await page.evaluate('typeof window.__initialLoad')).toBe('object');
    // The default view needs no range probe: meta, one counter read for every panel, one page per alignment.
    expect(requested.filter((r) => r === '/api/meta')).toHaveLength(1);
    expect(requested).toHaveLength(new Set(requested).size);
    expect(requested).toHaveLength(2 + ALIGNMENT_LABELS.length);
  });

  it('draws one stance chart per target with favor, against and neutral per month', async () => {
    const state = await debugState();
    for (const target of TARGETS) {
      expect(state.stance?.[target]).toEqual({
        periods: MONTHS,
        favor: expectedStance(target, 'favor', MONTHS),
        against: expectedStance(target, 'against', MONTHS),
        neutral: expectedStance(target, 'neutral', MONTHS),
      });
      expect(await paintedPixels(`#stance-chart-${target} canvas`)).toBeGreaterThan(100);
    }
    expect(await page.locator('#stance-grid figure[data-target]').count()).toBe(TARGETS.length);
  });

  it('shows the exact alignment mix per source, from the counters', async () => {
    const state = await debugState();
    expect(state.alignmentBySource?.sample).toBe(SPECS.length);
    const rt = state.alignmentBySource?.sources.find((s) => s.source === 'rt.de');
    expect(rt?.counts).toEqual({ pro_kremlin: 2 });
    const bbc = state.alignmentBySource?.sources.find((s) => s.source === 'bbc.co.uk');
    expect(bbc?.counts).toEqual({ pro_western: 1, not_applicable: 2 });
    expect(await page.locator('#alignment-chart .hbars li').count()).toBe(
      new Set(SPECS.map((s) => s.source)).size,
    );
  });

  it('lists the latest articles and narrows the list when a filter is chosen', async () => {
    await waitForList(titlesWhere(() => true));

    await page.selectOption('#filter-topic', 'sport');
    const sport = titlesWhere((s) => s.topics.includes('sport'));
    await waitForList(sport);
    expect(page.url()).toContain('topic=sport');

    await page.selectOption('#filter-topic', 'politics');
    await page.selectOption('#filter-language', 'de');
    await waitForList(titlesWhere((s) => s.topics.includes('politics') && s.language === 'de'));
    expect(await page.locator('#articles-note').textContent()).toContain('applied in the browser');

    await page.click('#filter-clear');
    await page.selectOption('#filter-stance', 'russia:against');
    await waitForList(titlesWhere((s) => s.stance?.russia?.label === 'against'));
    expect(await listTitles()).toHaveLength(3);
  });

  it('saves a screenshot of the whole page', async () => {
    await page.click('#filter-clear');
    await waitForList(titlesWhere(() => true));
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png'), fullPage: true });
  });

  it('opens an article with its stance evidence highlighted in the title and text', async () => {
    const spec = SPECS[0];
    if (!spec) throw new Error('no fixture');
    await page.locator('#articles-body .link', { hasText: spec.title }).click();
    await page.waitForSelector('#article-dialog[open] .article-text');

    expect(await page.locator('#article-title mark').allTextContents()).toEqual(['Kremlin propaganda']);
    expect(await page.locator('#article-dialog .article-text mark').allTextContents()).toEqual([
      'illegal invasion',
      'defended its sovereignty',
    ]);
    const invasion = page.locator('#article-dialog .article-text mark', { hasText: 'illegal invasion' });
    expect(await invasion.getAttribute('data-target')).toBe('russia');
    expect(await invasion.getAttribute('class')).toContain('ev-neg');
    expect(await invasion.getAttribute('title')).toContain('loaded-term');
    const sovereignty = page.locator('#article-dialog .article-text mark', {
      hasText: 'defended its sovereignty',
    });
    expect(await sovereignty.getAttribute('class')).toContain('ev-pos');
    expect(await page.locator('#article-dialog .article-text').textContent()).toBe(
      `${spec.lead}\n\n${spec.body}`,
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-article.png') });
    await page.keyboard.press('Escape');
    await page.waitForSelector('#article-dialog', { state: 'hidden' });
  });

  it('opens the range given in the URL, with its counts and only its articles', async () => {
    const months = ['2024-02', '2024-03'];
    await page.goto(`${server.url}?from=2024-02&to=2024-03`);
    const state = await waitForReady();
    expect(state.range).toMatchObject({ from: '2024-02', to: '2024-03', granularity: 'month' });
    expect(state.topic?.periods).toEqual(months);
    expect(Object.fromEntries(state.topic?.series.map((s) => [s.name, s.values]) ?? [])).toEqual(
      expectedTopicSeries(months),
    );
    expect(state.stance?.russia?.favor).toEqual(expectedStance('russia', 'favor', months));
    await waitForList(titlesWhere((s) => s.date >= '2024-02'));
  });

  it('switches the topic trend to days and keeps the monthly panels', async () => {
    await page.goto(server.url);
    await waitForReady();
    await page.click('input[name="granularity"][value="day"] + .seg-label');
    await page.waitForFunction(
      "window.__dashboard.state === 'ready' && window.__dashboard.range.granularity === 'day'",
    );
    const state = await debugState();
    const periods = state.topic?.periods ?? [];
    expect(periods.length).toBeGreaterThan(MONTHS.length);
    expect(periods.every((p) => /^2024-0[1-3]-\d{2}$/.test(p))).toBe(true);
    // The same articles, counted per day: each topic's total equals its monthly total.
    const total = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
    const daily = Object.fromEntries(state.topic?.series.map((s) => [s.name, total(s.values)]) ?? []);
    const monthly = Object.fromEntries(
      Object.entries(expectedTopicSeries(MONTHS)).map(([name, values]) => [name, total(values)]),
    );
    expect(daily).toEqual(monthly);
    expect(state.stance?.[TARGETS[0] ?? '']?.periods).toEqual(MONTHS);
    expect(page.url()).toContain('granularity=day');
  });

  it('says there is no data yet when the table is empty', async () => {
    await page.goto(emptyServer.url);
    await page.waitForSelector('body[data-state="empty"]');
    expect(await page.locator('#empty h2').textContent()).toBe('No data yet — drop files into the bucket');
    expect(await page.locator('#empty h2').isVisible()).toBe(true);
    expect(await page.locator('#topic-card').isVisible()).toBe(false);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-empty.png') });
  });

  it('logged no console errors and no failed requests', () => {
    expect(problems).toEqual([]);
  });
});
