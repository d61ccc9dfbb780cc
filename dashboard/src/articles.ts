/**
 * The latest-articles list with its filters, and the article view with the
 * stance evidence highlighted in the text. The API takes one filter per
 * request; a second or third filter is applied within the page it returns.
 */
import {
  type ArticleDetail,
  type ArticleFilter,
  type ArticleSummary,
  fetchArticle,
  fetchArticles,
  type Meta,
} from './api';
import { byId, h, label, replaceChildren } from './dom';
import { allEvidence, analysedText, describeEvidence, highlighted, targetColor } from './evidence';
import type { ListFilters } from './state';
import { formatPeriod } from './state';

export const PAGE_SIZE = 50;
/** Page read when filters are combined, and size of the unfiltered "latest" sample. */
export const SAMPLE_SIZE = 200;

export interface ListContext {
  readonly meta: Meta;
  readonly from: string;
  readonly to: string;
  readonly filters: ListFilters;
  /** The latest articles in the range, newest first (used when no filter is set). */
  readonly latest: readonly ArticleSummary[];
}

export interface ListResult {
  readonly rows: readonly ArticleSummary[];
  readonly note: string;
  /** Fetches the next page, when the list is one API filter with more pages. */
  readonly more?: () => Promise<ListResult>;
}

/** The API filters the chosen filters map to, in the order the first one is asked for. */
export function apiFilters(filters: ListFilters): ArticleFilter[] {
  const out: ArticleFilter[] = [];
  if (filters.topic) out.push({ kind: 'topic', topic: filters.topic });
  const [target, stance] = filters.stance?.split(':') ?? [];
  if (target && stance) out.push({ kind: 'stance', target, stance });
  if (filters.language) out.push({ kind: 'language', language: filters.language });
  return out;
}

const matches = (a: ArticleSummary, f: ArticleFilter): boolean => {
  switch (f.kind) {
    case 'topic':
      return a.topics.includes(f.topic);
    case 'stance':
      return a.stance[f.target] === f.stance;
    case 'language':
      return a.language === f.language;
    case 'alignment':
      return a.alignment === f.alignment;
    case 'source':
      return a.source === f.source;
  }
};

const describeFilter = (f: ArticleFilter): string => {
  switch (f.kind) {
    case 'topic':
      return `topic ${label(f.topic)}`;
    case 'stance':
      return `${label(f.stance)} ${label(f.target)}`;
    case 'language':
      return `language ${f.language.toUpperCase()}`;
    case 'alignment':
      return `alignment ${label(f.alignment)}`;
    case 'source':
      return `source ${f.source}`;
  }
};

export async function loadList(ctx: ListContext): Promise<ListResult> {
  const filters = apiFilters(ctx.filters);
  const [first, ...rest] = filters;
  if (!first) {
    // The latest sample is already in the page: older rows come from it, up to SAMPLE_SIZE.
    const pageAt = async (offset: number): Promise<ListResult> => ({
      rows: ctx.latest.slice(offset, offset + PAGE_SIZE),
      note:
        ctx.latest.length > PAGE_SIZE
          ? `The most recent articles in the range, newest first (up to ${ctx.latest.length}).`
          : `The ${ctx.latest.length} most recent articles in the range.`,
      ...(offset + PAGE_SIZE < ctx.latest.length ? { more: () => pageAt(offset + PAGE_SIZE) } : {}),
    });
    return pageAt(0);
  }
  if (rest.length > 0) {
    const page = await fetchArticles(first, { from: ctx.from, to: ctx.to, limit: SAMPLE_SIZE });
    const rows = page.items.filter((a) => rest.every((f) => matches(a, f)));
    return {
      rows,
      note: `Combined filters are applied in the browser to the latest ${page.items.length} articles with ${describeFilter(first)}${page.cursor ? ' (older ones are not searched)' : ''}.`,
    };
  }
  const pageFrom = async (cursor?: string): Promise<ListResult> => {
    const page = await fetchArticles(first, { from: ctx.from, to: ctx.to, limit: PAGE_SIZE, cursor });
    return {
      rows: page.items,
      note: `Articles with ${describeFilter(first)}, newest first.`,
      ...(page.cursor ? { more: () => pageFrom(page.cursor) } : {}),
    };
  };
  return pageFrom();
}

const ALIGNMENT_CLASS: Record<string, string> = {
  pro_kremlin: 'al-kremlin',
  pro_western: 'al-western',
  balanced: 'al-balanced',
  not_applicable: 'al-na',
};

const dateText = (a: { date?: string; ingestedAt: string }): string =>
  a.date ? formatPeriod(a.date.slice(0, 10)) : `ingested ${formatPeriod(a.ingestedAt.slice(0, 10))}`;

export function stanceBadges(stance: Readonly<Record<string, string>>, meta: Meta): HTMLElement[] {
  return Object.entries(stance)
    .filter(([, value]) => value !== 'none')
    .sort(([a], [b]) => meta.targets.indexOf(a) - meta.targets.indexOf(b))
    .map(([target, value]) =>
      h(
        'span',
        { class: `badge stance-${value}`, title: `${label(target)}: ${value}` },
        h('i', { class: 'dot', style: `background:${targetColor(meta.targets, target)}` }),
        `${label(target)} ${value}`,
      ),
    );
}

export function articleRow(a: ArticleSummary, meta: Meta, open: (id: string) => void): HTMLTableRowElement {
  const row = h(
    'tr',
    { 'data-article-id': a.articleId, onclick: () => open(a.articleId) },
    h('td', { class: 'col-date' }, dateText(a)),
    h(
      'td',
      { class: 'col-title' },
      h(
        'button',
        {
          type: 'button',
          class: 'link',
          onclick: (event: Event) => {
            event.stopPropagation();
            open(a.articleId);
          },
        },
        a.title || '(untitled)',
      ),
      h(
        'div',
        { class: 'row-meta' },
        a.source ?? 'unknown source',
        ' · ',
        a.language.toUpperCase(),
        a.topics.length > 0 ? ` · ${a.topics.map(label).join(', ')}` : '',
      ),
    ),
    h('td', { class: 'col-stance' }, stanceBadges(a.stance, meta)),
    h(
      'td',
      { class: 'col-align' },
      h('span', { class: `badge ${ALIGNMENT_CLASS[a.alignment] ?? ''}` }, label(a.alignment)),
    ),
  );
  return row;
}

/** Fills the article dialog with one article and its highlighted evidence. */
export async function showArticle(articleId: string, meta: Meta): Promise<void> {
  const dialog = byId<HTMLDialogElement>('article-dialog');
  const body = byId('article-body');
  replaceChildren(body, h('p', { class: 'muted loading-line' }, 'Loading article…'));
  if (!dialog.open) dialog.showModal();
  let article: ArticleDetail;
  try {
    article = await fetchArticle(articleId);
  } catch (error) {
    replaceChildren(
      body,
      h('p', { class: 'error-text' }, `Could not load the article: ${(error as Error).message}`),
    );
    return;
  }
  const evidence = allEvidence(article);
  const text = analysedText(article);
  const usedTargets = [...new Set(evidence.map((e) => e.target))];
  replaceChildren(
    body,
    h(
      'header',
      { class: 'detail-head' },
      h(
        'p',
        { class: 'eyebrow' },
        [article.source ?? 'Unknown source', dateText(article), article.language.toUpperCase()].join(' · '),
      ),
      h(
        'h2',
        { id: 'article-title', class: 'detail-title' },
        highlighted(
          article.title,
          evidence.filter((e) => e.field === 'title'),
          meta.targets,
        ),
      ),
      h(
        'div',
        { class: 'detail-tags' },
        h(
          'span',
          { class: `badge ${ALIGNMENT_CLASS[article.alignment.label] ?? ''}` },
          `${label(article.alignment.label)} (${article.alignment.score.toFixed(2)})`,
        ),
        article.topics.map((t) =>
          h('span', { class: 'badge topic' }, `${label(t.slug)} ${t.score.toFixed(2)}`),
        ),
      ),
    ),
    h(
      'section',
      { class: 'detail-stance', 'aria-label': 'Stance per target' },
      Object.entries(article.stance)
        .sort(([a], [b]) => meta.targets.indexOf(a) - meta.targets.indexOf(b))
        .map(([target, s]) =>
          h(
            'div',
            { class: 'stance-card', style: `--target:${targetColor(meta.targets, target)}` },
            h('span', { class: 'stance-target' }, label(target)),
            h('span', { class: `badge stance-${s.label}` }, s.label),
            h(
              'span',
              { class: 'muted' },
              `score ${s.score.toFixed(2)} · ${s.evidence.length} cue${s.evidence.length === 1 ? '' : 's'}`,
            ),
          ),
        ),
    ),
    evidence.length > 0
      ? h(
          'div',
          { class: 'ev-legend', 'aria-label': 'Highlight legend' },
          usedTargets.map((t) =>
            h(
              'span',
              {},
              h('i', { class: 'ev-key-line', style: `background:${targetColor(meta.targets, t)}` }),
              label(t),
            ),
          ),
          h('span', {}, h('i', { class: 'ev-key ev-neg' }), 'against (negative weight)'),
          h('span', {}, h('i', { class: 'ev-key ev-pos' }), 'favor (positive weight)'),
          h('span', { class: 'muted' }, 'Hover a highlight for its cue and weight.'),
        )
      : h('p', { class: 'muted' }, 'No stance evidence was found in this article.'),
    h(
      'div',
      { class: 'article-text' },
      highlighted(
        text,
        evidence.filter((e) => e.field === 'text'),
        meta.targets,
      ),
    ),
    article.bodyTruncated
      ? h('p', { class: 'muted' }, 'The stored text is shortened; the full text is in S3.')
      : undefined,
    evidence.length > 0
      ? h(
          'details',
          { class: 'ev-table' },
          h('summary', {}, `All ${evidence.length} evidence items`),
          h(
            'table',
            {},
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', {}, 'Phrase'),
                h('th', {}, 'Target'),
                h('th', {}, 'Cue'),
                h('th', { class: 'num' }, 'Weight'),
              ),
            ),
            h(
              'tbody',
              {},
              evidence.map((e) =>
                h(
                  'tr',
                  { title: describeEvidence(e) },
                  h(
                    'td',
                    {},
                    `“${e.phrase}”`,
                    e.field === 'title' ? h('span', { class: 'muted' }, ' (title)') : '',
                  ),
                  h('td', {}, label(e.target)),
                  h('td', {}, e.cue),
                  h(
                    'td',
                    { class: `num ${e.weight < 0 ? 'neg' : 'pos'}` },
                    `${e.weight > 0 ? '+' : ''}${e.weight.toFixed(2)}`,
                  ),
                ),
              ),
            ),
          ),
        )
      : undefined,
    h('p', { class: 'muted small' }, `Article ${article.articleId} · s3://${article.bucket}/${article.key}`),
  );
}
