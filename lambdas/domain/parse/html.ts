/**
 * Saved article pages: the main text of the page and its metadata.
 *
 * Metadata, in order of preference: JSON-LD (`NewsArticle` and kin: headline,
 * datePublished, publisher.name, url, inLanguage, articleBody), meta tags
 * (og:title, article:published_time, og:site_name, og:url, …), then the page
 * itself (`<html lang>`, `<h1>`, `<title>`, `<link rel=canonical>`, `<time datetime>`).
 *
 * Main text: the `itemprop=articleBody` element, else the longest `<article>`,
 * else `<main>`, else the element holding the most paragraph text, else the
 * body. Scripts, styles, navigation, headers, footers, asides, forms, hidden
 * elements and comments are dropped; block elements become paragraphs.
 */
import { parseDocument } from 'htmlparser2';
import type { ArticleSource } from './assemble';
import { JSON_LD_ARTICLE_TYPES } from './fields';

/** The parts of an htmlparser2 (domhandler) node this reader uses. */
interface HtmlNode {
  readonly type: string;
  readonly name?: string;
  readonly data?: string;
  readonly attribs?: Readonly<Record<string, string>>;
  readonly children?: readonly HtmlNode[];
}

const isElement = (n: HtmlNode): boolean => n.type === 'tag' || n.type === 'script' || n.type === 'style';

/** Elements whose content is never article text. */
const DROPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'nav',
  'header',
  'footer',
  'aside',
  'form',
  'iframe',
  'svg',
  'math',
  'button',
  'select',
  'textarea',
  'input',
  'figure',
  'menu',
  'dialog',
  'object',
  'embed',
  'canvas',
  'video',
  'audio',
  'head',
  'title',
]);
/** Elements whose children hold no metadata or article text worth visiting while collecting. */
const OPAQUE = new Set([
  'script',
  'style',
  'template',
  'svg',
  'math',
  'noscript',
  'title',
  'textarea',
  'select',
]);
const DROPPED_ROLES = new Set([
  'navigation',
  'banner',
  'contentinfo',
  'complementary',
  'search',
  'dialog',
  'menu',
]);
/** class/id words of page furniture; never applied to html, body, article or main. */
const BOILERPLATE =
  /(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|share|sharing|social|cookie|consent|newsletter|subscribe|advert|ads?|promo|related|comments?|sidebar|footer|header|masthead|paywall|popup|modal)(?:$|[\s_-])/i;
const STRUCTURAL = new Set(['html', 'body', 'article', 'main']);

const BLOCK = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'blockquote',
  'pre',
  'table',
  'tr',
  'dl',
  'dt',
  'dd',
  'hr',
  'address',
  'details',
  'summary',
  'center',
  'figcaption',
]);

function isDropped(node: HtmlNode): boolean {
  const name = node.name ?? '';
  if (DROPPED.has(name)) return true;
  const a = node.attribs ?? {};
  if ('hidden' in a || a['aria-hidden'] === 'true') return true;
  if (a.role !== undefined && DROPPED_ROLES.has(a.role.toLowerCase())) return true;
  if (/display\s*:\s*none/i.test(a.style ?? '')) return true;
  if (STRUCTURAL.has(name) || a.itemprop === 'articleBody') return false;
  return BOILERPLATE.test(a.class ?? '') || BOILERPLATE.test(a.id ?? '');
}

/** A step of the text walk: a node to visit, or text to emit after a block's children. */
type Step = { readonly node: HtmlNode; readonly pre: boolean } | { readonly emit: string };

/**
 * Visible text of a node: block elements become paragraphs, `<br>` a line
 * break. Iterative, so a page nested thousands of levels deep cannot overflow the stack.
 */
export function nodeText(root: HtmlNode): string {
  const parts: string[] = [];
  const stack: Step[] = [{ node: root, pre: false }];
  while (stack.length > 0) {
    const step = stack.pop() as Step;
    if ('emit' in step) {
      parts.push(step.emit);
      continue;
    }
    const { node, pre } = step;
    if (node.type === 'text') {
      parts.push(pre ? (node.data ?? '') : (node.data ?? '').replace(/[ \t\n\r\f]+/g, ' '));
      continue;
    }
    if (node.type !== 'cdata' && node.type !== 'root' && !isElement(node)) continue;
    if (node !== root && isElement(node) && isDropped(node)) continue;
    const name = node.name ?? '';
    if (name === 'br') {
      parts.push('\n');
      continue;
    }
    const block = BLOCK.has(name);
    if (block) {
      parts.push('\n\n');
      stack.push({ emit: '\n\n' });
    }
    if (name === 'td' || name === 'th') parts.push(' ');
    const children = node.children ?? [];
    const childPre = pre || name === 'pre';
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child !== undefined) stack.push({ node: child, pre: childPre });
    }
  }
  return parts.join('');
}

/** Plain text of an HTML fragment (a JSON `body` that holds markup). */
export function htmlFragmentToText(html: string): string {
  return nodeText(parseDocument(html, { decodeEntities: true }) as unknown as HtmlNode);
}

interface PageFacts {
  lang?: string;
  titleTag?: string;
  h1?: string;
  canonical?: string;
  time?: string;
  readonly meta: Map<string, string>;
  readonly jsonLd: string[];
  readonly articleBodies: HtmlNode[];
  readonly articles: HtmlNode[];
  readonly mains: HtmlNode[];
  readonly paragraphs: HtmlNode[];
  body?: HtmlNode;
}

/** All text inside a node (scripts included), without the stack depth of recursion. */
function rawText(root: HtmlNode): string {
  const parts: string[] = [];
  const stack: HtmlNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as HtmlNode;
    if (node.type === 'text') parts.push(node.data ?? '');
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child !== undefined) stack.push(child);
    }
  }
  return parts.join('');
}

const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** One pass over the document collecting metadata and candidate containers. */
function collect(root: HtmlNode): PageFacts {
  const facts: PageFacts = {
    meta: new Map(),
    jsonLd: [],
    articleBodies: [],
    articles: [],
    mains: [],
    paragraphs: [],
  };
  const stack: HtmlNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined) break;
    if (isElement(node)) {
      const a = node.attribs ?? {};
      switch (node.name) {
        case 'html':
          facts.lang ??= a.lang ?? a['xml:lang'];
          break;
        case 'title':
          facts.titleTag ??= flat(rawText(node));
          break;
        case 'h1':
          facts.h1 ??= flat(nodeText(node));
          break;
        case 'meta': {
          const name = (a.property ?? a.name ?? a.itemprop ?? a['http-equiv'] ?? '').toLowerCase();
          if (name !== '' && a.content !== undefined && !facts.meta.has(name))
            facts.meta.set(name, a.content);
          break;
        }
        case 'link':
          if ((a.rel ?? '').toLowerCase().split(/\s+/).includes('canonical')) facts.canonical ??= a.href;
          break;
        case 'time':
          facts.time ??= a.datetime;
          break;
        case 'script':
          if ((a.type ?? '').toLowerCase().includes('ld+json')) facts.jsonLd.push(rawText(node));
          break;
        case 'body':
          facts.body ??= node;
          break;
        case 'article':
          facts.articles.push(node);
          break;
        case 'main':
          facts.mains.push(node);
          break;
        case 'p':
          facts.paragraphs.push(node);
          break;
      }
      if (a.itemprop === 'articleBody') facts.articleBodies.push(node);
      if (a.role === 'main') facts.mains.push(node);
      if (OPAQUE.has(node.name ?? '')) continue;
    }
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child !== undefined) stack.push(child);
    }
  }
  return facts;
}

type JsonObject = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The first JSON-LD object whose @type is an article type, searching arrays and @graph. */
function findLdArticle(scripts: readonly string[]): JsonObject | undefined {
  const queue: unknown[] = [];
  for (const script of scripts) {
    try {
      queue.push(JSON.parse(script.trim()));
    } catch {
      // broken JSON-LD is common on real pages: ignore it, the meta tags remain
    }
  }
  for (let i = 0; i < queue.length && i < 1000; i++) {
    const item = queue[i];
    if (Array.isArray(item)) queue.push(...item);
    else if (isObject(item)) {
      const types = ([] as unknown[]).concat(item['@type']);
      if (types.some((t) => typeof t === 'string' && JSON_LD_ARTICLE_TYPES.includes(t))) return item;
      if (item['@graph'] !== undefined) queue.push(item['@graph']);
    }
  }
  return undefined;
}

/** A JSON-LD value as text: a string, or the `name`/`@id`/`alternateName` of an object. */
function ldText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return ldText(value[0]);
  if (isObject(value)) return ldText(value.name ?? value['@id'] ?? value.alternateName ?? value.url);
  return undefined;
}

const textLength = (node: HtmlNode): number => flat(nodeText(node)).length;

function longest(nodes: readonly HtmlNode[]): HtmlNode | undefined {
  let best: HtmlNode | undefined;
  let bestLength = 0;
  for (const node of nodes) {
    const length = textLength(node);
    if (length > bestLength) {
      best = node;
      bestLength = length;
    }
  }
  return best;
}

/** The element whose child paragraphs hold the most text (found by parent lookup over `<p>` elements). */
function paragraphParent(root: HtmlNode, paragraphs: readonly HtmlNode[]): HtmlNode | undefined {
  if (paragraphs.length === 0) return undefined;
  const wanted = new Set(paragraphs);
  const score = new Map<HtmlNode, number>();
  const stack: HtmlNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as HtmlNode;
    for (const child of node.children ?? []) {
      if (wanted.has(child)) score.set(node, (score.get(node) ?? 0) + textLength(child));
      if (isElement(child) && !isDropped(child)) stack.push(child);
    }
  }
  let best: HtmlNode | undefined;
  let bestScore = 0;
  for (const [node, s] of score) {
    if (s > bestScore) {
      best = node;
      bestScore = s;
    }
  }
  return best;
}

/** Strips a ` | Outlet` or ` – Outlet` suffix from a `<title>`. */
function withoutSiteSuffix(title: string, site: string | undefined): string {
  if (site === undefined || site === '') return title;
  const escaped = site.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return title.replace(new RegExp(`\\s+[|–—:·-]\\s+${escaped}\\s*$`, 'i'), '').trim() || title;
}

const nonEmpty = (...values: (string | undefined)[]): string | undefined =>
  values.map((v) => v?.trim()).find((v): v is string => v !== undefined && v !== '');

/** Pages nested deeper than this are read by {@link strippedText}: the DOM parser slows quadratically with depth. */
export const MAX_NESTING = 1000;

/** Elements that never nest, or whose end tag is usually left out, so they do not count towards the depth. */
const NOT_NESTING = new Set(
  'area base br col embed hr img input link meta param source track wbr p li td th tr dt dd option'.split(
    ' ',
  ),
);

/** The deepest element nesting of a page, found with a tag scan (no DOM). */
export function nestingDepth(html: string): number {
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*?(\/?)>/g;
  let depth = 0;
  let max = 0;
  for (let m = tag.exec(html); m !== null; m = tag.exec(html)) {
    if (m[3] === '/' || NOT_NESTING.has((m[2] ?? '').toLowerCase())) continue;
    depth = m[1] === '/' ? Math.max(0, depth - 1) : depth + 1;
    if (depth > max) max = depth;
  }
  return max;
}

/** Text of a page without a DOM: scripts, styles and comments removed, block tags as paragraph breaks. */
function strippedText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|noscript|template|svg|nav|header|footer|aside)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<\/?(?:p|div|section|article|h[1-6]|li|blockquote|tr|br)\b[^<>]*>/gi, '\n\n')
    .replace(/<[^<>]*>/g, ' ')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Reads a saved article page. */
export function readHtml(html: string): ArticleSource {
  if (nestingDepth(html) > MAX_NESTING) {
    const title = /<title\b[^<>]*>([^<]*)<\/title>/i.exec(html)?.[1]?.trim();
    return { format: 'html', text: strippedText(html), ...(title ? { title } : {}) };
  }
  const root = parseDocument(html, { decodeEntities: true }) as unknown as HtmlNode;
  const facts = collect(root);
  const ld = findLdArticle(facts.jsonLd);
  const meta = (...names: string[]) => nonEmpty(...names.map((n) => facts.meta.get(n)));

  const source = nonEmpty(ldText(ld?.publisher), meta('og:site_name', 'application-name', 'publisher'));
  const title = nonEmpty(
    ldText(ld?.headline),
    meta('og:title', 'twitter:title', 'dc.title', 'headline'),
    facts.h1,
    facts.titleTag !== undefined ? withoutSiteSuffix(facts.titleTag, source) : undefined,
  );
  const date = nonEmpty(
    ldText(ld?.datePublished),
    meta(
      'article:published_time',
      'og:published_time',
      'datepublished',
      'date',
      'pubdate',
      'publishdate',
      'dc.date',
      'dc.date.issued',
      'dcterms.created',
      'parsely-pub-date',
      'sailthru.date',
    ),
    facts.time,
  );
  const url = nonEmpty(ldText(ld?.url), ldText(ld?.mainEntityOfPage), meta('og:url'), facts.canonical);
  const lang = nonEmpty(
    ldText(ld?.inLanguage),
    facts.lang,
    meta('content-language', 'og:locale', 'language', 'dc.language'),
  );

  const container =
    longest(facts.articleBodies) ??
    longest(facts.articles) ??
    longest(facts.mains) ??
    paragraphParent(facts.body ?? root, facts.paragraphs) ??
    facts.body ??
    root;
  let text = nodeText(container);
  const ldBody = typeof ld?.articleBody === 'string' ? ld.articleBody : undefined;
  if (ldBody !== undefined && flat(text).length < flat(ldBody).length / 2) text = ldBody;

  return {
    format: 'html',
    text,
    ...(title !== undefined ? { title } : {}),
    ...(date !== undefined ? { date } : {}),
    ...(source !== undefined ? { source } : {}),
    ...(url !== undefined ? { url } : {}),
    ...(lang !== undefined ? { lang } : {}),
  };
}
