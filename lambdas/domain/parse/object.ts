/**
 * Whole uploaded objects: size limits, gzip, declared charsets, format
 * detection (content first, the key's extension second, the Content-Type as a
 * hint) and bulk files. Returns a rejection of the object as a whole, or its
 * entries: one for a single-article file, one per non-blank line of JSON Lines.
 */
import { gunzipSync } from 'node:zlib';
import type { ObjectParseResult, ParsedEntry, ParseResult } from '../article';
import { type ArticleSource, assembleArticle } from './assemble';
import { charsetFromContentType, sniffDeclaredCharset } from './charset';
import { DEFAULT_MAX_BYTES, decodeInput, tooLarge } from './decode';
import { readHeaderBlock } from './header-block';
import { readHtml } from './html';
import { parseJsonFile, parseJsonLines } from './json';
import { hasFrontMatter, readMarkdown } from './markdown';
import { describeInput, formatBytes, internalFailure, type Rejected, reject } from './rejections';

export interface ObjectParseOptions {
  /** The S3 key (or file name): its extension is the second clue to the format, and reasons name it. */
  readonly key?: string;
  /** The object's Content-Type: a hint to the format, and its `charset` to the encoding. */
  readonly contentType?: string;
  /** Objects larger than this many bytes (as stored) are rejected as TOO_LARGE. Default 10 MiB. */
  readonly maxBytes?: number;
  /** A gzip object that inflates to more than this many bytes is rejected as TOO_LARGE. Default 50 MiB. */
  readonly maxDecompressedBytes?: number;
}

/** Default cap on the inflated size of a gzip object: 50 MiB. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 50 * 1024 * 1024;

const positive = (value: number | undefined, fallback: number): number =>
  value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;

type Detected =
  | { readonly kind: 'json'; readonly text: string }
  | { readonly kind: 'jsonl'; readonly text: string }
  | { readonly kind: 'html'; readonly text: string }
  | { readonly kind: 'markdown'; readonly text: string }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'unsupported'; readonly what: string; readonly advice: string };

const JSON_EXTENSIONS = new Set(['json']);
const JSON_LINES_EXTENSIONS = new Set(['jsonl', 'ndjson', 'jsonlines']);
const HTML_EXTENSIONS = new Set(['html', 'htm', 'xhtml', 'shtml']);
const MARKDOWN_EXTENSIONS = new Set(['md', 'markdown', 'mdown', 'mkd', 'mkdn']);
const JSON_LINES_TYPES = /^application\/(?:x-)?(?:ndjson|jsonl|json-seq|jsonlines)$/;

const HTML_TAG =
  /<(?:!doctype\s+html|html|head|body|meta|title|article|main|section|p|div|h[1-6]|span|br|a)\b/i;
const MARKDOWN_HEADING = /^#{1,6}[ \t]+\S/;

/** The extension of a key, lower case, without a trailing `.gz`. */
export function extensionOf(key: string | undefined): string {
  const name = (key ?? '').split('/').pop() ?? '';
  const match = /\.([a-z0-9]+)$/i.exec(name.replace(/\.gz$/i, ''));
  return match?.[1]?.toLowerCase() ?? '';
}

const mimeOf = (contentType: string | undefined): string =>
  (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** Several non-blank lines, and the first one alone is a JSON object. */
function looksLikeJsonLines(text: string): boolean {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length < 2) return false;
  try {
    const first: unknown = JSON.parse(lines[0] ?? '');
    return typeof first === 'object' && first !== null && !Array.isArray(first);
  } catch {
    return false;
  }
}

function isValidJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Format detection: content first, the extension second, the Content-Type as a hint. */
export function detectFormat(text: string, extension: string, contentType: string | undefined): Detected {
  const mime = mimeOf(contentType);
  const start = text.trimStart();
  const first = start[0] ?? '';
  if (start.startsWith('{\\rtf')) {
    return {
      kind: 'unsupported',
      what: 'is an RTF document',
      advice: 'Save it as plain text (.txt) and upload that.',
    };
  }
  if (JSON_LINES_EXTENSIONS.has(extension) || JSON_LINES_TYPES.test(mime)) return { kind: 'jsonl', text };
  const jsonNamed = JSON_EXTENSIONS.has(extension) || mime === 'application/json';
  if (first === '{') {
    if (isValidJson(start)) return { kind: 'json', text: start };
    if (looksLikeJsonLines(start)) return { kind: 'jsonl', text };
    if (jsonNamed || start.trimEnd().endsWith('}')) return { kind: 'json', text: start };
  }
  if (first === '[' && (jsonNamed || isValidJson(start))) return { kind: 'json', text: start };
  if (jsonNamed) return { kind: 'json', text: start };
  const lines = text.replace(/\r\n?/g, '\n');
  if (first === '<') {
    const head = start.slice(0, 4096);
    if (/^<\?xml/i.test(head) && !/<html\b/i.test(head)) {
      return {
        kind: 'unsupported',
        what: 'is an XML document (a feed or export), not an article',
        advice:
          'Upload each article as its own .txt, .html, .md or .json file, or as lines of a .jsonl file.',
      };
    }
    if (HTML_TAG.test(head) || HTML_EXTENSIONS.has(extension)) return { kind: 'html', text };
  }
  if (HTML_EXTENSIONS.has(extension) && HTML_TAG.test(text.slice(0, 65536))) return { kind: 'html', text };
  if (hasFrontMatter(lines.trimStart())) return { kind: 'markdown', text: lines.trimStart() };
  if (MARKDOWN_EXTENSIONS.has(extension) || mime === 'text/markdown')
    return { kind: 'markdown', text: lines };
  if (MARKDOWN_HEADING.test(start)) return { kind: 'markdown', text: lines.trimStart() };
  return { kind: 'text', text: lines };
}

const single = (format: string, result: ParseResult): ObjectParseResult => ({
  ok: true,
  format,
  entries: [{ result }],
});

function fromSource(source: ArticleSource | Rejected, describe: string): ObjectParseResult {
  if ('ok' in source) return single('json', source);
  const result = assembleArticle(source, describe);
  return single(result.ok ? result.article.format : source.format, result);
}

type Inflated = { readonly ok: true; readonly bytes: Uint8Array } | Rejected;

function gunzip(bytes: Uint8Array, key: string | undefined, max: number): Inflated {
  try {
    return { ok: true, bytes: gunzipSync(bytes, { maxOutputLength: max }) };
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      return reject(
        'TOO_LARGE',
        `${describeInput(key)} is gzip-compressed and inflates to more than ${formatBytes(max)}, the limit ` +
          'for a decompressed upload (a gzip bomb is refused the same way). Split it into smaller files.',
      );
    }
    const detail = error instanceof Error ? error.message : String(error);
    return reject(
      'UNDECODABLE',
      `${describeInput(key)} starts like a gzip file but cannot be decompressed (${detail}): it is truncated ` +
        'or corrupt. Compress the original again (gzip file.txt) and upload the new file.',
    );
  }
}

const isGzip = (bytes: Uint8Array): boolean => bytes[0] === 0x1f && bytes[1] === 0x8b;

function parseObjectOrThrow(input: Uint8Array, options: ObjectParseOptions): ObjectParseResult {
  const { key, contentType } = options;
  const maxBytes = positive(options.maxBytes, DEFAULT_MAX_BYTES);
  const maxInflated = positive(options.maxDecompressedBytes, DEFAULT_MAX_DECOMPRESSED_BYTES);
  if (input.length > maxBytes) return tooLarge(key, input.length, maxBytes);

  let bytes = input;
  let limit = maxBytes;
  let hint = contentType;
  if (isGzip(input)) {
    const inflated = gunzip(input, key, maxInflated);
    if (!inflated.ok) return inflated;
    if (isGzip(inflated.bytes)) {
      return reject(
        'UNSUPPORTED',
        `${describeInput(key)} is gzip-compressed twice. Decompress it once (gunzip) and upload the result.`,
      );
    }
    if (inflated.bytes.length === 0) {
      return reject(
        'EMPTY',
        `${describeInput(key)} is a gzip file that decompresses to nothing. Upload a file that contains the article text.`,
      );
    }
    bytes = inflated.bytes;
    limit = maxInflated;
    // A Content-Type of the compressed object (application/gzip) says nothing about its content.
    hint = /gzip/i.test(contentType ?? '') ? undefined : contentType;
  }

  const charset = charsetFromContentType(hint)?.label ?? sniffDeclaredCharset(bytes)?.label;
  const decoded = decodeInput(bytes, { key, maxBytes: limit, ...(charset !== undefined ? { charset } : {}) });
  if (!decoded.ok) return decoded;

  const describe = describeInput(key);
  const detected = detectFormat(decoded.text, extensionOf(key), hint);
  switch (detected.kind) {
    case 'unsupported':
      return reject('UNSUPPORTED', `${describe} ${detected.what}. ${detected.advice}`);
    case 'json': {
      const source = parseJsonFile(detected.text, describe);
      // A JSON array is not one article: the whole object is unsupported, like RTF or XML.
      if ('ok' in source && source.rejection.code === 'UNSUPPORTED') return source;
      return fromSource(source, describe);
    }
    case 'jsonl': {
      const entries: ParsedEntry[] = parseJsonLines(detected.text, describe);
      if (entries.length === 0) {
        return reject(
          'EMPTY',
          `${describe} has no lines with an article. Put one JSON article object on each line.`,
        );
      }
      return { ok: true, format: 'jsonl', entries };
    }
    case 'html':
      return fromSource(readHtml(detected.text), describe);
    case 'markdown':
      return fromSource(readMarkdown(detected.text), describe);
    case 'text':
      return fromSource(readHeaderBlock(detected.text) ?? { format: 'plain', text: detected.text }, describe);
  }
}

/**
 * Parses one uploaded object (any supported format, encoding or gzip) into its
 * entries. Never throws: problems with the whole object are `{ ok: false, rejection }`,
 * problems with one line of a bulk file are that entry's rejection.
 */
export function parseObject(input: Uint8Array, options: ObjectParseOptions = {}): ObjectParseResult {
  try {
    return parseObjectOrThrow(input, options);
  } catch (error) {
    return internalFailure(options.key, error);
  }
}
