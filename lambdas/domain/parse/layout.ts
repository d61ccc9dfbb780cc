/**
 * Splits normalised article text into its parts: the optional sample header
 * (` date YYYY-MM <title>`), title, lead, photo credit, body and related
 * headlines.
 *
 * Rules (the same for the sample format and for plain text, except for the header):
 * - Title: the header's title; without a header, the first line. A first line
 *   longer than {@link MAX_TITLE_LENGTH} is a paragraph, not a title: the title
 *   is then its first sentence (shortened at a word boundary if needed) and the
 *   whole line stays in the body.
 * - Photo credit: the first paragraph that is a single line `<label>: <credit>`
 *   with a label from {@link CREDIT_LABELS}. It is removed from the text.
 *   Paragraphs before it are the lead, paragraphs after it the body.
 * - Related headlines: a label from {@link RELATED_LABELS} followed by a dash or
 *   colon, at the start of a line or right after the end of a sentence on the
 *   same line. The headline runs to the end of its line. Each is removed.
 * - Lead without a credit line: the first paragraph, only when more than one
 *   paragraph remains (a single paragraph is all body, never a lead).
 * - If the body ends up empty but a lead exists, the lead paragraphs are the
 *   body and the same lead rule applies to them.
 */
import type { DatePrecision } from '../article';
import {
  CREDIT_LABELS,
  CREDIT_SEPARATORS,
  type LineLabel,
  MAX_CREDIT_LENGTH,
  RELATED_LABELS,
  RELATED_SEPARATORS,
  SENTENCE_END,
} from './labels';
import { joinParagraphs, splitParagraphs, toSingleLine } from './text';

export const MAX_TITLE_LENGTH = 300;

export interface ArticleLayout {
  readonly format: 'sample' | 'plain';
  readonly date?: string;
  readonly datePrecision?: DatePrecision;
  readonly title: string;
  readonly lead?: string;
  readonly photoCredit?: string;
  readonly body: string;
  readonly relatedHeadlines: readonly string[];
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Alternation of labels, longest first so `Photo credit` wins over `Photo`; spaces match any white space. */
const alternation = (labels: readonly LineLabel[]): string =>
  [...labels]
    .map((l) => l.label)
    .sort((a, b) => b.length - a.length)
    .map((l) => escapeRegExp(l).replace(/ /g, '\\s+'))
    .join('|');

/** A character class of `chars`; a hyphen is moved to the end, where it is literal. */
const charClass = (chars: string): string =>
  `[${escapeRegExp(chars.replace(/-/g, ''))}${chars.includes('-') ? '-' : ''}]`;

const CREDIT_LINE = new RegExp(
  `^(?:${alternation(CREDIT_LABELS)})\\s*${charClass(CREDIT_SEPARATORS)}\\s*(\\S.*)$`,
  'iu',
);

const RELATED_LABEL = `(?:${alternation(RELATED_LABELS)})\\s*${charClass(RELATED_SEPARATORS)}`;
/** A related-headline label where one may start: line start, or after a sentence end and white space. */
const RELATED_START = new RegExp(`(?:^|(?<=${charClass(SENTENCE_END)})\\s+)${RELATED_LABEL}\\s*`, 'iu');
/**
 * A related-headline label anywhere: a line without one cannot hold a related
 * headline. Finding a label is several times faster than RELATED_START, whose
 * lookbehind is tried at every position, so it is checked first.
 */
const RELATED_ANYWHERE = new RegExp(RELATED_LABEL, 'iu');
/** A further label inside a headline's text: `… – A Mehr zum Thema – B`. */
const RELATED_AGAIN = new RegExp(`\\s+${RELATED_LABEL}\\s+`, 'giu');

/** The header line: `date YYYY-MM[-DD] <title>` (leading space already trimmed by normalisation). */
const HEADER = /^date\s+(\d{4})-(\d{2})(?:-(\d{2}))?(?:\s+(.*))?$/i;

interface HeaderDate {
  readonly date?: string;
  readonly datePrecision?: DatePrecision;
}

/** Validates the header date; an impossible date (`2024-13`, `2023-02-30`) yields no date rather than a wrong one. */
function headerDate(year: string, month: string, day: string | undefined): HeaderDate {
  const y = Number(year);
  const m = Number(month);
  if (y < 1000 || m < 1 || m > 12) return {};
  if (day === undefined) return { date: `${year}-${month}`, datePrecision: 'month' };
  const d = Number(day);
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d < 1 || d > daysInMonth) return {};
  return { date: `${year}-${month}-${day}`, datePrecision: 'day' };
}

/** A title from an over-long first line: its first sentence, cut at a word boundary if still too long. */
export function titleFromLongLine(line: string): string {
  // Only the head can hold a title; a regex over a multi-megabyte line would overflow the regex stack.
  const head = line.slice(0, MAX_TITLE_LENGTH + 2);
  const sentence = /^.{20,}?[.!?…](?=\s)/u.exec(head)?.[0] ?? head;
  if (sentence.length <= MAX_TITLE_LENGTH) return sentence;
  const cut = sentence.slice(0, MAX_TITLE_LENGTH);
  const space = cut.lastIndexOf(' ');
  return `${(space > MAX_TITLE_LENGTH / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Removes related headlines from one paragraph; returns what is left of it. */
function extractRelated(paragraph: string, headlines: string[]): string {
  // Most paragraphs hold no label: they need not be split into lines.
  if (!RELATED_ANYWHERE.test(paragraph)) return paragraph;
  const kept: string[] = [];
  for (const line of paragraph.split('\n')) {
    const match = RELATED_ANYWHERE.test(line) ? RELATED_START.exec(line) : null;
    if (match === null) {
      kept.push(line);
      continue;
    }
    for (const headline of line.slice(match.index + match[0].length).split(RELATED_AGAIN)) {
      const clean = toSingleLine(headline);
      if (clean !== '') headlines.push(clean);
    }
    const before = line.slice(0, match.index).trimEnd();
    if (before !== '') kept.push(before);
  }
  return kept.join('\n');
}

const creditOf = (paragraph: string): string | undefined => {
  if (paragraph.includes('\n') || paragraph.length > MAX_CREDIT_LENGTH) return undefined;
  return CREDIT_LINE.exec(paragraph)?.[1]?.trim();
};

interface CreditParagraph {
  readonly credit: string;
  /** Where the paragraph starts and ends in the text. */
  readonly start: number;
  readonly end: number;
}

/** The first photo-credit paragraph of normalised text. */
function findCredit(text: string): CreditParagraph | undefined {
  for (let start = 0; start < text.length; ) {
    const separator = text.indexOf('\n\n', start);
    const end = separator < 0 ? text.length : separator;
    const credit = creditOf(text.slice(start, end));
    if (credit !== undefined) return { credit, start, end };
    start = end + 2;
  }
  return undefined;
}

/**
 * Removes related headlines from normalised text (adding them to `headlines`);
 * returns what is left of it, still normalised.
 */
function removeRelated(text: string, headlines: string[]): string {
  // Most articles hold no related-headline label: one search shows that their text stays as it is,
  // with no need to split it into paragraphs and join them again.
  if (!RELATED_ANYWHERE.test(text)) return text;
  return joinParagraphs(
    splitParagraphs(text)
      .map((p) => extractRelated(p, headlines))
      .filter((p) => p !== ''),
  );
}

/** The lead rule for normalised text: the first paragraph is the lead only when more paragraphs follow. */
function leadAndBody(text: string): { lead?: string; body: string } {
  const end = text.indexOf('\n\n');
  return end < 0 ? { body: text } : { lead: text.slice(0, end), body: text.slice(end + 2) };
}

/** Lead, credit, body and related headlines of normalised text after the title. */
function splitContent(text: string) {
  const relatedHeadlines: string[] = [];
  const credit = findCredit(text);
  let parts: { lead?: string; body: string };
  if (credit === undefined) {
    parts = leadAndBody(removeRelated(text, relatedHeadlines));
  } else {
    const before = removeRelated(text.slice(0, Math.max(0, credit.start - 2)), relatedHeadlines);
    const after = removeRelated(text.slice(credit.end + 2), relatedHeadlines);
    parts = after !== '' ? { ...(before !== '' ? { lead: before } : {}), body: after } : leadAndBody(before);
  }
  return { ...parts, ...(credit !== undefined ? { photoCredit: credit.credit } : {}), relatedHeadlines };
}

/**
 * Lead, photo credit, body and related headlines of normalised text whose
 * title is known from elsewhere (metadata): the same rules, without taking a title line.
 */
export function layoutContent(
  text: string,
): Omit<ArticleLayout, 'format' | 'title' | 'date' | 'datePrecision'> {
  return splitContent(text);
}

/** Splits normalised, non-empty text into the article's parts. */
export function layoutArticle(text: string): ArticleLayout {
  const newline = text.indexOf('\n');
  const firstLine = newline < 0 ? text : text.slice(0, newline);
  const rest = newline < 0 ? '' : text.slice(newline + 1);
  const header = HEADER.exec(firstLine);

  if (header !== null) {
    const [, year = '', month = '', day, headerTitle = ''] = header;
    let title = toSingleLine(headerTitle);
    let content = rest.trim();
    if (title === '' && content !== '') {
      // Header without a title: the next line is the title.
      const titleEnd = content.indexOf('\n');
      title = toSingleLine(titleEnd < 0 ? content : content.slice(0, titleEnd));
      content = titleEnd < 0 ? '' : content.slice(titleEnd + 1).trim();
    }
    return { format: 'sample', ...headerDate(year, month, day), title, ...splitContent(content) };
  }

  const titleLine = toSingleLine(firstLine);
  if (titleLine.length > MAX_TITLE_LENGTH) {
    return { format: 'plain', title: titleFromLongLine(titleLine), ...splitContent(text) };
  }
  return { format: 'plain', title: titleLine, ...splitContent(rest.trim()) };
}
