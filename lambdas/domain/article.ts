/**
 * The parsed form of one uploaded article. Pure data: no AWS types.
 */

/** How precise a publication date is. `2024-03` is `month`, `2024-03-12` is `day`. */
import type { ClassifierInput } from './classification';

export type DatePrecision = 'year' | 'month' | 'day' | 'second';

/** ISO 639-1 code for the languages we detect, or `und` when none is confident. */
export type LanguageCode = 'de' | 'en' | 'ru' | 'und' | (string & {});

export interface ParsedArticle {
  /** ISO-8601 prefix matching `datePrecision` (`2024-03`, `2024-03-12`, `2024-03-12T08:00:00Z`). */
  readonly date?: string;
  readonly datePrecision?: DatePrecision;
  readonly title: string;
  /** First paragraph(s) before the photo credit line, when the format has one. */
  readonly lead?: string;
  /** The photo credit line without its `Quelle:`/`Source:`/`Источник:` label. */
  readonly photoCredit?: string;
  /** The article body, with the credit line and related headlines removed. */
  readonly body: string;
  /** Each `Mehr zum Thema – …` (or en/ru equivalent) headline, without its label. */
  readonly relatedHeadlines: readonly string[];
  readonly language: LanguageCode;
  /** Words in title + lead + body. */
  readonly wordCount: number;
  /** The outlet, when the input names one. */
  readonly source?: string;
  readonly url?: string;
  /** Which input format the parser recognised (`sample`, `plain`, …). */
  readonly format: string;
}

/** Why an input was refused. `code` is stable for machines; `reason` is for people. */
export interface Rejection {
  readonly code: RejectionCode;
  /** What was wrong and what the user can do about it. */
  readonly reason: string;
}

export type RejectionCode =
  | 'EMPTY'
  | 'BINARY'
  | 'TOO_LARGE'
  | 'UNDECODABLE'
  | 'MALFORMED'
  | 'NO_BODY'
  | 'UNSUPPORTED'
  | 'MISSING';

export type ParseResult =
  | { readonly ok: true; readonly article: ParsedArticle }
  | { readonly ok: false; readonly rejection: Rejection };

/** One article-sized entry of an uploaded object. `line` is set for bulk (JSON Lines) files, 1-based. */
export interface ParsedEntry {
  readonly line?: number;
  readonly result: ParseResult;
}

/**
 * The result of parsing a whole uploaded object: a rejection of the object as
 * a whole (empty, binary, too large, a gzip bomb, …), or its entries: one for
 * a single-article file, one per non-blank line for a bulk file.
 */
export type ObjectParseResult =
  | { readonly ok: true; readonly format: string; readonly entries: readonly ParsedEntry[] }
  | { readonly ok: false; readonly rejection: Rejection };

/**
 * What the classifier reads of a parsed article: its title, and its lead and
 * body as one text (the analysed text that evidence offsets index), with the
 * detected language unless it is undetermined.
 */
export function classifierInput(article: ParsedArticle): ClassifierInput {
  return {
    title: article.title,
    text: article.lead ? `${article.lead}\n\n${article.body}` : article.body,
    lang: article.language === 'und' ? undefined : article.language,
  };
}
