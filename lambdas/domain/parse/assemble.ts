/**
 * Turns what a format reader found (text plus optional metadata) into a
 * ParsedArticle, with the same layout rules for every format: title, lead,
 * photo credit, body, related headlines, date (metadata, then the sample
 * header, then a written date in the text), language and word count.
 */
import type { DatePrecision, ParsedArticle, ParseResult } from '../article';
import { detectLanguage } from '../language';
import { findWrittenDate, parseDateValue } from './dates';
import { LANGUAGE_NAMES } from './fields';
import { layoutArticle, layoutContent, MAX_TITLE_LENGTH, titleFromLongLine } from './layout';
import { reject } from './rejections';
import { countWords, normaliseText, toSingleLine } from './text';

export type ArticleFormat = 'sample' | 'plain' | 'header' | 'markdown' | 'html' | 'json' | 'jsonl';

/** What a format reader found: the text (without the title, when the title is known) and metadata. */
export interface ArticleSource {
  readonly format: ArticleFormat;
  /** The article text, not yet normalised. Its first line is the title when `title` is not given. */
  readonly text: string;
  readonly title?: string;
  /** A raw metadata date value (string or epoch number); parsed by {@link parseDateValue}. */
  readonly date?: unknown;
  readonly source?: string;
  readonly url?: string;
  readonly lang?: string;
}

const MAX_META_LENGTH = 2048;

/**
 * Formats whose text is the article body as such, so a lone paragraph is the
 * body (titled by its first sentence) rather than a title without a body.
 */
const TEXT_WITHOUT_TITLE_LINE: ReadonlySet<ArticleFormat> = new Set(['html', 'json', 'jsonl']);

/** A metadata string as one trimmed line, or undefined when empty or absurdly long. */
export function metaString(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const line = toSingleLine(normaliseText(value));
  return line === '' || line.length > MAX_META_LENGTH ? undefined : line;
}

/** `de-DE`, `ru_RU`, `EN`, `German` -> `de`, `ru`, `en`, `de`; undefined when not a language. */
export function normaliseLanguage(value: unknown): string | undefined {
  const text = metaString(value)?.toLowerCase();
  if (text === undefined) return undefined;
  const named = LANGUAGE_NAMES[text];
  if (named !== undefined) return named;
  return /^([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*$/.exec(text)?.[1];
}

function cleanTitle(title: string | undefined): string {
  const line = title === undefined ? '' : toSingleLine(normaliseText(title));
  return line.length > MAX_TITLE_LENGTH ? titleFromLongLine(line) : line;
}

/** Compares ignoring case and accents; built once (localeCompare with options builds a collator per call). */
const BASE_LETTERS = new Intl.Collator(undefined, { sensitivity: 'base' });
const sameLine = (a: string, b: string): boolean =>
  a.length < b.length * 2 + 10 && BASE_LETTERS.compare(a, b) === 0;

/** Drops a first paragraph that repeats the title (an `<h1>` inside the article, a `# Title` below front matter). */
function withoutRepeatedTitle(text: string, title: string): string {
  const end = text.indexOf('\n\n');
  const first = end < 0 ? text : text.slice(0, end);
  return sameLine(toSingleLine(first), title) ? (end < 0 ? '' : text.slice(end + 2)) : text;
}

interface Dated {
  readonly date?: string;
  readonly datePrecision?: DatePrecision;
}

/**
 * Builds the article. `describe` names the input in reasons: `The file "a.json"`,
 * `Line 3 of the file "b.jsonl"`.
 */
export function assembleArticle(source: ArticleSource, describe: string): ParseResult {
  const text = normaliseText(source.text);
  const metaTitle = cleanTitle(source.title);
  let format: ArticleFormat = source.format;
  let title = metaTitle;
  let headerDate: Dated = {};
  let parts: ReturnType<typeof layoutContent>;
  if (metaTitle !== '') {
    parts = layoutContent(withoutRepeatedTitle(text, metaTitle));
  } else if (text !== '') {
    const layout = layoutArticle(text);
    if (layout.body === '' && TEXT_WITHOUT_TITLE_LINE.has(format)) {
      // A page or JSON text with no title anywhere: its first sentence names it, and all of it is the body.
      title = titleFromLongLine(toSingleLine(text.split('\n\n')[0] ?? ''));
      parts = layoutContent(text);
    } else {
      title = layout.title;
      if (layout.format === 'sample' && format === 'plain') format = 'sample';
      headerDate =
        layout.date !== undefined ? { date: layout.date, datePrecision: layout.datePrecision } : {};
      parts = layout;
    }
  } else {
    parts = { body: '', relatedHeadlines: [] };
  }

  if (parts.body === '') {
    const what = title !== '' ? `has a title ("${title}") but no article text` : 'has no article text';
    return reject(
      'NO_BODY',
      `${describe} ${what}. Upload the full article: its text, not only a headline or metadata.`,
    );
  }

  const words = [title, parts.lead ?? '', parts.body].join('\n\n');
  const dated: Dated =
    parseDateValue(source.date) ??
    (headerDate.date !== undefined ? headerDate : undefined) ??
    findWrittenDate(words) ??
    {};
  const outlet = metaString(source.source);
  const url = metaString(source.url);
  const article: ParsedArticle = {
    ...(dated.date !== undefined ? { date: dated.date, datePrecision: dated.datePrecision } : {}),
    title,
    ...(parts.lead !== undefined ? { lead: parts.lead } : {}),
    ...(parts.photoCredit !== undefined ? { photoCredit: parts.photoCredit } : {}),
    body: parts.body,
    relatedHeadlines: parts.relatedHeadlines,
    language: normaliseLanguage(source.lang) ?? detectLanguage(words),
    wordCount: countWords(words),
    ...(outlet !== undefined ? { source: outlet } : {}),
    ...(url !== undefined ? { url } : {}),
    format,
  };
  return { ok: true, article };
}
