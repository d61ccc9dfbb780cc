/**
 * Terminal output of `npm run query`: aligned tables that fit the terminal
 * width (the widest free-text column is cut with an ellipsis) and short
 * key-value blocks for single items. Pure: API responses in, text out.
 */

export interface TableOptions {
  /** Terminal width in characters. */
  readonly width: number;
  /** Column that shrinks to fit (default: the last). */
  readonly flex?: number;
  /** Columns aligned right (numbers). */
  readonly right?: readonly number[];
}

const GAP = '  ';

/** Display length in code points (each counts 1; the data is Latin, Cyrillic and ASCII). */
export const textWidth = (text: string): number => [...text].length;

/** One line (line breaks and tabs become spaces), at most `width` code points, ending in `…` when cut. */
export function truncate(text: string, width: number): string {
  const flat = text.replace(/[\r\n\t\f\v]+/g, ' ');
  const chars = [...flat];
  if (chars.length <= width) return flat;
  if (width <= 0) return '';
  return `${chars.slice(0, width - 1).join('')}…`;
}

/** Words wrapped to `width`, at most `maxLines` lines (the last ends in `…` when text is left). */
export function wrap(text: string, width: number, maxLines: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (textWidth(next) <= width) {
      line = next;
      continue;
    }
    if (line) out.push(line);
    line = textWidth(word) > width ? truncate(word, width) : word;
    if (out.length === maxLines) break;
  }
  if (line && out.length < maxLines) out.push(line);
  if (out.length === maxLines && textWidth(out.join(' ')) < textWidth(text.replace(/\s+/g, ' ').trim())) {
    out[maxLines - 1] = truncate(`${out[maxLines - 1]} …`, width);
  }
  return out.slice(0, maxLines);
}

const padEnd = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - textWidth(text)));
const padStart = (text: string, width: number) => ' '.repeat(Math.max(0, width - textWidth(text))) + text;

/** An aligned table with a header row; the flex column is cut so each line fits `width`. */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  options: TableOptions,
): string {
  const flat = rows.map((row) => headers.map((_, i) => (row[i] ?? '').replace(/\s+/g, ' ').trim()));
  const widths = headers.map((h, i) => Math.max(textWidth(h), ...flat.map((r) => textWidth(r[i] ?? ''))));
  const flex = options.flex ?? headers.length - 1;
  const others =
    widths.reduce((sum, w, i) => (i === flex ? sum : sum + w), 0) + GAP.length * (headers.length - 1);
  const flexWidth = widths[flex] ?? 0;
  widths[flex] = Math.max(Math.min(flexWidth, options.width - others), Math.min(flexWidth, 10));
  const right = new Set(options.right ?? []);
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => {
        const w = widths[i] ?? 0;
        const text = truncate(cell, w);
        if (right.has(i)) return padStart(text, w);
        return i === cells.length - 1 ? text : padEnd(text, w);
      })
      .join(GAP)
      .trimEnd();
  return [line(headers), ...flat.map(line)].join('\n');
}

interface ArticleSummaryView {
  articleId: string;
  title: string;
  date?: string;
  language: string;
  source?: string;
  primaryTopic?: string;
  topics?: string[];
  alignment: string;
  stance?: Record<string, string>;
}

interface PageView<T> {
  items: T[];
  cursor?: string;
}

const stanceText = (stance: Record<string, string> | undefined) =>
  Object.entries(stance ?? {})
    .filter(([, label]) => label !== 'none')
    .map(([target, label]) => `${target}:${label}`)
    .join(' ');

const nextPage = (cursor: string | undefined, count: number) =>
  cursor ? `\n${count} shown; next page: --cursor ${cursor}` : `\n${count} shown`;

export function formatArticles(page: PageView<ArticleSummaryView>, width: number): string {
  if (page.items.length === 0) return 'No articles match.';
  const rows = page.items.map((a) => [
    a.date ?? '-',
    a.language,
    a.source ?? '-',
    a.primaryTopic ?? '-',
    a.alignment,
    stanceText(a.stance) || '-',
    a.articleId,
    a.title,
  ]);
  return (
    formatTable(['DATE', 'LANG', 'SOURCE', 'TOPIC', 'ALIGNMENT', 'STANCE', 'ID', 'TITLE'], rows, { width }) +
    nextPage(page.cursor, page.items.length)
  );
}

interface EvidenceView {
  phrase: string;
  field: string;
  weight: number;
  cue: string;
}

interface ArticleView {
  articleId: string;
  title: string;
  date?: string;
  language: string;
  source?: string;
  url?: string;
  key?: string;
  bucket?: string;
  wordCount?: number;
  topics?: { slug: string; score: number }[];
  alignment?: { label: string; score: number };
  stance?: Record<string, { label: string; score: number; evidence?: EvidenceView[] }>;
  classifier?: { name: string; version: string };
  lead?: string;
  body?: string;
  ingestedAt?: string;
}

const keyValues = (pairs: readonly (readonly [string, string | undefined])[]): string[] => {
  const shown = pairs.filter((p): p is readonly [string, string] => p[1] !== undefined && p[1] !== '');
  const w = Math.max(...shown.map(([k]) => k.length));
  return shown.map(([k, v]) => `${padEnd(`${k}:`, w + 1)} ${v}`);
};

const score = (n: number) => n.toFixed(2);

export function formatArticle(article: ArticleView, width: number): string {
  const lines = keyValues([
    ['id', article.articleId],
    ['title', article.title],
    ['date', article.date],
    ['language', article.language],
    ['source', article.source],
    ['url', article.url],
    ['object', article.key ? `s3://${article.bucket ?? ''}/${article.key}` : undefined],
    ['words', article.wordCount === undefined ? undefined : String(article.wordCount)],
    ['topics', article.topics?.map((t) => `${t.slug} ${score(t.score)}`).join(', ')],
    [
      'alignment',
      article.alignment ? `${article.alignment.label} ${score(article.alignment.score)}` : undefined,
    ],
    [
      'classifier',
      article.classifier ? `${article.classifier.name} ${article.classifier.version}` : undefined,
    ],
    ['ingested', article.ingestedAt],
  ]);
  for (const [target, stance] of Object.entries(article.stance ?? {})) {
    lines.push('', `stance ${target}: ${stance.label} ${score(stance.score)}`);
    for (const e of stance.evidence ?? []) {
      const sign = e.weight > 0 ? '+' : '';
      lines.push(truncate(`  ${sign}${e.weight.toFixed(2)}  ${e.cue}  (${e.field})  "${e.phrase}"`, width));
    }
  }
  const text = article.lead ? `${article.lead}\n\n${article.body ?? ''}` : (article.body ?? '');
  if (text) lines.push('', ...wrap(text, Math.max(width, 40), 8));
  return lines.join('\n');
}

interface CountSeriesView {
  granularity: string;
  basis: string;
  breakdown: string;
  series: { period: string; counts: Record<string, number> }[];
}

/**
 * One row per period and one column per value (largest total first), with a
 * TOTAL column; when the values do not fit the width, one row per period and
 * value instead.
 */
export function formatCounts(counts: CountSeriesView, width: number): string {
  const totals = new Map<string, number>();
  for (const point of counts.series) {
    for (const [value, n] of Object.entries(point.counts)) totals.set(value, (totals.get(value) ?? 0) + n);
  }
  const values = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([v]) => v);
  const title = `${counts.breakdown} by ${counts.granularity} (${counts.basis} date)`;
  if (counts.series.length === 0) return `${title}\nNo periods.`;
  const withTotal = values.length > 1;
  const headers = ['PERIOD', ...values, ...(withTotal ? ['TOTAL'] : [])];
  const rows = counts.series.map((p) => {
    const cells = values.map((v) => String(p.counts[v] ?? 0));
    const total = Object.values(p.counts).reduce((s, n) => s + n, 0);
    return [p.period, ...cells, ...(withTotal ? [String(total)] : [])];
  });
  const wide = headers.reduce(
    (sum, h, i) => sum + Math.max(textWidth(h), ...rows.map((r) => textWidth(r[i] ?? ''))) + GAP.length,
    0,
  );
  if (values.length === 0 || wide - GAP.length <= width) {
    const right = headers.map((_, i) => i).filter((i) => i > 0);
    return `${title}\n${formatTable(headers, rows, { width: Math.max(width, wide), flex: 0, right })}`;
  }
  const long = counts.series.flatMap((p) =>
    Object.entries(p.counts)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([value, n]) => [p.period, String(n), value]),
  );
  return `${title}\n${formatTable(['PERIOD', 'COUNT', 'VALUE'], long, { width, right: [1] })}`;
}

interface UploadView {
  bucket?: string;
  key: string;
  status: string;
  upload?: {
    articleId?: string;
    errorCode?: string;
    reason?: string;
    updatedAt?: string;
    versionId?: string;
  };
}

const STATUS_MEANING: Readonly<Record<string, string>> = {
  INGESTED: 'stored as an article',
  REJECTED: 'refused; it will not be retried',
  FAILED: 'processing failed; the message is in the dead-letter queue',
  PENDING: 'in the bucket, not processed yet',
  NOT_FOUND: 'no such object and no record of it',
};

export function formatUpload(status: UploadView): string {
  return keyValues([
    ['object', `s3://${status.bucket ?? ''}/${status.key}`],
    ['status', `${status.status} (${STATUS_MEANING[status.status] ?? 'unknown status'})`],
    ['article', status.upload?.articleId],
    ['code', status.upload?.errorCode],
    ['reason', status.upload?.reason],
    ['version', status.upload?.versionId],
    ['updated', status.upload?.updatedAt],
  ]).join('\n');
}

interface FailureView {
  bucket: string;
  key: string;
  status: string;
  errorCode?: string;
  reason?: string;
  updatedAt: string;
}

export function formatFailures(page: PageView<FailureView>, width: number): string {
  if (page.items.length === 0) return 'No failed or rejected uploads.';
  const rows = page.items.map((u) => [u.updatedAt, u.status, u.errorCode ?? '-', u.key, u.reason ?? '']);
  return (
    formatTable(['UPDATED', 'STATUS', 'CODE', 'KEY', 'REASON'], rows, { width }) +
    nextPage(page.cursor, page.items.length)
  );
}

export function formatMeta(meta: Record<string, unknown>, width: number): string {
  const keyWidth = Math.max(...Object.keys(meta).map((k) => k.length)) + 2;
  const indent = ' '.repeat(keyWidth);
  return Object.entries(meta)
    .flatMap(([key, value]) => {
      const text = Array.isArray(value) ? value.join(', ') : String(value);
      const [first = '', ...rest] = wrap(text, Math.max(width - keyWidth, 20), 20);
      return [padEnd(`${key}:`, keyWidth) + first, ...rest.map((line) => indent + line)];
    })
    .join('\n');
}

/** The two failure lists merged, most recent first (for `failures` without `--status`). */
export function mergeFailurePages(pages: readonly PageView<FailureView>[]): PageView<FailureView> {
  return { items: pages.flatMap((p) => p.items).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)) };
}
