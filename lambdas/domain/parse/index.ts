/**
 * The article parser: bytes or text in, parsed articles or typed Rejections
 * out. Pure TypeScript, no AWS imports. It never throws.
 *
 * - {@link parseObject}: a whole uploaded object (the ingest entry point):
 *   size limits, gzip, declared charsets, format detection (sample, plain,
 *   header block, Markdown, HTML, JSON, JSON Lines) and one entry per article.
 * - {@link parseArticle}: one article in the sample or plain text format.
 *
 * Steps: decode ({@link decodeInput}: size, binary, encodings) -> read the
 * format (header-block.ts, markdown.ts, html.ts, json.ts) -> normalise
 * ({@link normaliseText}) -> lay out ({@link layoutArticle}: header, title,
 * lead, credit, body, related headlines) -> date, language and word count
 * (assemble.ts).
 */
import type { ParsedArticle, ParseResult } from '../article';
import { detectLanguage } from '../language';
import { decodeInput } from './decode';
import { layoutArticle } from './layout';
import { describeInput, INTERNAL_FAILURE_REASON, internalFailure, reject } from './rejections';
import { countWords, normaliseText } from './text';

export type { ArticleFormat, ArticleSource } from './assemble';
export { assembleArticle } from './assemble';
export { CHARSET_LABELS, charsetFromContentType, sniffDeclaredCharset } from './charset';
export type { DatedValue } from './dates';
export { findWrittenDate, parseDateValue } from './dates';
export type { DecodeOptions, DecodeResult, TextEncodingName } from './decode';
export { BINARY_SIGNATURES, DEFAULT_MAX_BYTES, decodeInput } from './decode';
export type { ArticleLayout } from './layout';
export { layoutArticle } from './layout';
export type { ObjectParseOptions } from './object';
export { DEFAULT_MAX_DECOMPRESSED_BYTES, detectFormat, extensionOf, parseObject } from './object';
export { countWords, normaliseText } from './text';
export { INTERNAL_FAILURE_REASON };

export interface ParseOptions {
  /** The S3 key or file name, used in rejection reasons. */
  readonly key?: string;
  /** Size limit in bytes; larger inputs are rejected as TOO_LARGE. Default 10 MiB. */
  readonly maxBytes?: number;
}

function parseOrThrow(input: Uint8Array | string, options: ParseOptions): ParseResult {
  const decoded = decodeInput(input, options);
  if (!decoded.ok) return decoded;
  const text = normaliseText(decoded.text);
  if (text === '') {
    return reject(
      'EMPTY',
      `${describeInput(options.key)} contains no readable text. Upload a file that contains the article text.`,
    );
  }

  const layout = layoutArticle(text);
  if (layout.body === '') {
    const what =
      layout.title !== '' ? `has a title ("${layout.title}") but no article text` : 'has no article text';
    return reject(
      'NO_BODY',
      `${describeInput(options.key)} ${what}. Upload the full article: the title on the first line, the text below it.`,
    );
  }

  const words = [layout.title, layout.lead ?? '', layout.body].join('\n\n');
  const article: ParsedArticle = {
    ...(layout.date !== undefined ? { date: layout.date, datePrecision: layout.datePrecision } : {}),
    title: layout.title,
    ...(layout.lead !== undefined ? { lead: layout.lead } : {}),
    ...(layout.photoCredit !== undefined ? { photoCredit: layout.photoCredit } : {}),
    body: layout.body,
    relatedHeadlines: layout.relatedHeadlines,
    language: detectLanguage(words),
    wordCount: countWords(words),
    format: layout.format,
  };
  return { ok: true, article };
}

/**
 * Parses one uploaded article. Accepts raw bytes (any supported encoding) or
 * already-decoded text. Never throws: every input yields `{ ok: true, article }`
 * or `{ ok: false, rejection }` with a stable `code` and a `reason` for people.
 */
export function parseArticle(input: Uint8Array | string, options: ParseOptions = {}): ParseResult {
  try {
    return parseOrThrow(input, options);
  } catch (error) {
    // Only a bug in this module gets here. Report it as a rejection that says so, rather than
    // failing the whole batch on every retry; the message keeps the error visible.
    return internalFailure(options.key, error);
  }
}
