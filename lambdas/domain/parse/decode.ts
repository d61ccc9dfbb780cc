/**
 * Turns the raw bytes of an upload into text, or says why it cannot.
 *
 * Order of checks: size limit, empty input, binary signatures (PDF, images,
 * archives, gzip), byte-order marks (UTF-8, UTF-16 LE/BE), NUL bytes, strict
 * UTF-8, a declared charset (`options.charset`: from a Content-Type, an HTML
 * `<meta charset>` or an XML declaration), then a single-byte legacy encoding:
 * when the high bytes look like Cyrillic letters, windows-1251 or KOI8-R,
 * whichever reads more like Russian (lower-case share, common letters, no box
 * drawing); else windows-1252, or ISO-8859-15 when its letters (€, Š, œ …) fit
 * better. A legacy decoding counts as clean only when it produces no C1 control
 * characters (the bytes those code pages leave undefined); when none is clean
 * the input is UNDECODABLE. Valid UTF-8 wins over a declared legacy charset
 * (a saved page often keeps its original `<meta charset>`). Decoded text that
 * is mostly control characters is BINARY.
 */
import type { Rejection } from '../article';
import { CHARSET_LABELS } from './charset';
import { CODE_PAGE_HIGH_HALVES, type SingleByteEncoding } from './code-pages';
import { describeInput, formatBytes, reject } from './rejections';
import { countControlCharacters, hasC1Control } from './text';

/** Default size limit for one article: 10 MiB. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | SingleByteEncoding;

export type DecodeResult =
  | { readonly ok: true; readonly text: string; readonly encoding: TextEncodingName }
  | { readonly ok: false; readonly rejection: Rejection };

export interface DecodeOptions {
  /** The S3 key (or file name), used in rejection reasons. */
  readonly key?: string;
  /** Inputs larger than this many bytes are rejected as TOO_LARGE. Default {@link DEFAULT_MAX_BYTES}. */
  readonly maxBytes?: number;
  /**
   * The charset the input declares (a label such as `windows-1251`, `latin1`,
   * `koi8-r`). Used when there is no byte-order mark and the bytes are not valid UTF-8.
   */
  readonly charset?: string;
}

interface BinarySignature {
  /** Leading bytes that identify the format. */
  readonly magic: readonly number[];
  /** What the file is, as a phrase: "is a PDF document". */
  readonly what: string;
  /** What the user can do instead. */
  readonly advice: string;
}

const EXTRACT_TEXT = 'Upload the article as text instead (for example copy the text into a UTF-8 .txt file).';

/** File signatures (magic numbers) of formats that are not article text. Data, not logic. */
export const BINARY_SIGNATURES: readonly BinarySignature[] = [
  {
    magic: [0x25, 0x50, 0x44, 0x46, 0x2d],
    what: 'is a PDF document, not text',
    advice: 'Extract the article text from the PDF and upload it as a UTF-8 .txt file.',
  },
  { magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: 'is a PNG image', advice: EXTRACT_TEXT },
  { magic: [0xff, 0xd8, 0xff], what: 'is a JPEG image', advice: EXTRACT_TEXT },
  { magic: [0x47, 0x49, 0x46, 0x38, 0x37, 0x61], what: 'is a GIF image', advice: EXTRACT_TEXT },
  { magic: [0x47, 0x49, 0x46, 0x38, 0x39, 0x61], what: 'is a GIF image', advice: EXTRACT_TEXT },
  {
    magic: [0x50, 0x4b, 0x03, 0x04],
    what: 'is a ZIP archive (or a .docx/.xlsx/.odt/.epub file, which are ZIP archives)',
    advice: 'Unpack it and upload each article as its own text file.',
  },
  {
    magic: [0x50, 0x4b, 0x05, 0x06],
    what: 'is an empty ZIP archive',
    advice: 'Upload the articles as text files.',
  },
  {
    magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    what: 'is an old Microsoft Office document (.doc/.xls/.ppt)',
    advice: 'Save the article as plain text (.txt) and upload that.',
  },
  {
    magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c],
    what: 'is a 7-Zip archive',
    advice: 'Unpack it and upload each article.',
  },
  {
    magic: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07],
    what: 'is a RAR archive',
    advice: 'Unpack it and upload each article.',
  },
  {
    magic: [0x42, 0x5a, 0x68],
    what: 'is bzip2-compressed',
    advice: 'Decompress it, or compress it with gzip instead.',
  },
  {
    magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00],
    what: 'is xz-compressed',
    advice: 'Decompress it, or compress it with gzip instead.',
  },
  { magic: [0x52, 0x49, 0x46, 0x46], what: 'is a RIFF media file (WebP, WAV or AVI)', advice: EXTRACT_TEXT },
  {
    magic: [0x1f, 0x8b],
    what: 'is gzip-compressed; compressed files are not supported yet',
    advice: 'Decompress it (for example with gunzip) and upload the text file.',
  },
];

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/** Share of control characters above which decoded "text" is treated as binary data. */
const MAX_CONTROL_SHARE = 0.05;

type ByteAt = (index: number) => number;

const startsWith = (length: number, byteAt: ByteAt, magic: readonly number[]): boolean =>
  length >= magic.length && magic.every((b, i) => byteAt(i) === b);

function findSignature(length: number, byteAt: ByteAt): BinarySignature | undefined {
  return BINARY_SIGNATURES.find((s) => startsWith(length, byteAt, s.magic));
}

/** UTF-8 length of a JS string without allocating. Lone surrogates count as 3 bytes, as TextEncoder writes them. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function effectiveMaxBytes(maxBytes: number | undefined): number {
  return maxBytes !== undefined && Number.isFinite(maxBytes) && maxBytes > 0 ? maxBytes : DEFAULT_MAX_BYTES;
}

/** The TOO_LARGE rejection for an input of `size` bytes over the `max` limit. */
export const tooLarge = (key: string | undefined, size: number, max: number) =>
  reject(
    'TOO_LARGE',
    `${describeInput(key)} is ${formatBytes(size)}, over the ${formatBytes(max)} limit for one article. ` +
      'Split it into one file per article, or raise the configured size limit if it really is a single article.',
  );

const empty = (key: string | undefined) =>
  reject('EMPTY', `${describeInput(key)} is empty (0 bytes). Upload a file that contains the article text.`);

const blank = (key: string | undefined) =>
  reject(
    'EMPTY',
    `${describeInput(key)} contains only white space, no text. Upload a file that contains the article text.`,
  );

const binary = (key: string | undefined, signature: BinarySignature) =>
  reject('BINARY', `${describeInput(key)} ${signature.what}. ${signature.advice}`);

const nulBytes = (key: string | undefined) =>
  reject(
    'BINARY',
    `${describeInput(key)} contains NUL bytes, so it is binary data rather than text ` +
      '(or UTF-16 text saved without a byte-order mark). Save the article as UTF-8 text and upload it again.',
  );

const controlHeavy = (key: string | undefined) =>
  reject(
    'BINARY',
    `${describeInput(key)} is mostly control characters, so it is binary data rather than text. ` +
      'Upload the article as a UTF-8 .txt file.',
  );

const undecodable = (key: string | undefined, detail: string) =>
  reject('UNDECODABLE', `${describeInput(key)} ${detail} Re-save it as UTF-8 text and upload it again.`);

const isBlank = (text: string): boolean => /^[\s\u200b\u2060]*$/u.test(text);

/**
 * Checks common to every decoded text: control-character share and blankness.
 * Only inputs of at least one byte get here (an empty one is rejected first).
 */
function finish(text: string, encoding: TextEncodingName, key: string | undefined): DecodeResult {
  const controls = countControlCharacters(text);
  // NUL is a control character: text without any (nearly all text) needs no search for it.
  if (controls > 0 && text.includes('\u0000')) return nulBytes(key);
  if (controls > text.length * MAX_CONTROL_SHARE) return controlHeavy(key);
  if (isBlank(text)) return blank(key);
  return { ok: true, text, encoding };
}

function decodeStrict(bytes: Uint8Array, encoding: 'utf-8' | 'utf-16le' | 'utf-16be'): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * True when the high bytes look like windows-1251 Cyrillic letters: in Russian
 * text most letters are bytes 0xC0–0xFF (plus Ё/ё at 0xA8/0xB8), while in
 * Western European windows-1252 text accented letters are a small minority.
 */
export function looksCyrillic(bytes: Uint8Array): boolean {
  let cyrillic = 0;
  let latin = 0;
  for (const b of bytes) {
    if (b >= 0xc0 || b === 0xa8 || b === 0xb8) cyrillic++;
    else if ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)) latin++;
  }
  return cyrillic > 0 && cyrillic * 2 >= latin;
}

/** Decodes bytes with one of our single-byte tables ({@link CODE_PAGE_HIGH_HALVES}). */
export function decodeSingleByte(bytes: Uint8Array, encoding: SingleByteEncoding): string {
  const high = CODE_PAGE_HIGH_HALVES[encoding];
  const CHUNK = 8192;
  let out = '';
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes = Array.from(bytes.subarray(start, start + CHUNK), (b) =>
      b >= 0x80 ? high.charCodeAt(b - 0x80) : b,
    );
    out += String.fromCharCode(...codes);
  }
  return out;
}

const LOWER_CYRILLIC = /[а-яё]/g;
const COMMON_RUSSIAN = /[оеаинтсрвл]/g;
/** Box drawing, blocks and maths symbols: what Russian text looks like in the wrong Cyrillic code page. */
const PSEUDOGRAPHICS = /[\u2219-\u221a\u2248\u2264\u2265\u2320\u2321\u2500-\u25ff]/g;

/**
 * How much a decoding reads like Russian: lower-case letters dominate real
 * text (the wrong one of windows-1251/KOI8-R swaps the cases), common letters
 * count extra, and box-drawing characters count heavily against it.
 */
export function cyrillicScore(text: string): number {
  const count = (re: RegExp) => text.match(re)?.length ?? 0;
  return count(LOWER_CYRILLIC) + count(COMMON_RUSSIAN) - 10 * count(PSEUDOGRAPHICS);
}

/** Bytes where ISO-8859-15 differs from windows-1252/ISO-8859-1 (€ Š š Ž ž Œ œ Ÿ versus ¤ ¦ ¨ ´ ¸ ¼ ½ ¾). */
const LATIN9_BYTES = new Set([0xa4, 0xa6, 0xa8, 0xb4, 0xb8, 0xbc, 0xbd, 0xbe]);

const isLetterByte = (b: number | undefined): boolean =>
  b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b >= 0xc0);

/**
 * True when Latin text reads better as ISO-8859-15 than as windows-1252: it
 * uses none of windows-1252's 0x80–0x9F punctuation, and its bytes that differ
 * are mostly € (0xA4; ¤ is almost never meant) or letters between letters
 * (`cœur`, `Kašpar`). 0xB4 (´ or Ž) is no evidence either way: ´ is often
 * typed as an apostrophe (`geht´s`), between letters like Ž would be.
 */
export function prefersLatin9(bytes: Uint8Array): boolean {
  let latin9 = 0;
  let latin1 = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (b >= 0x80 && b <= 0x9f) return false;
    if (!LATIN9_BYTES.has(b)) continue;
    if (b === 0xb4) continue;
    if (b === 0xa4 || (isLetterByte(bytes[i - 1]) && isLetterByte(bytes[i + 1]))) latin9++;
    else latin1++;
  }
  return latin9 > latin1;
}

function decodeLegacy(bytes: Uint8Array, key: string | undefined): DecodeResult {
  let order: readonly SingleByteEncoding[];
  if (looksCyrillic(bytes)) {
    const byScore = (['windows-1251', 'koi8-r'] as const)
      .map((encoding) => ({ encoding, text: decodeSingleByte(bytes, encoding) }))
      .filter((c) => !hasC1Control(c.text))
      .sort((a, b) => cyrillicScore(b.text) - cyrillicScore(a.text));
    const best = byScore[0];
    if (best !== undefined) return finish(best.text, best.encoding, key);
    order = ['windows-1252'];
  } else {
    order = [prefersLatin9(bytes) ? 'iso-8859-15' : 'windows-1252', 'windows-1251'];
  }
  for (const encoding of order) {
    const text = decodeSingleByte(bytes, encoding);
    if (!hasC1Control(text)) return finish(text, encoding, key);
  }
  return undecodable(
    key,
    'is not valid UTF-8 and does not decode cleanly as Windows-1251, KOI8-R or Windows-1252 either.',
  );
}

/** Decodes with a declared charset; undefined when the declaration does not fit the bytes. */
function decodeDeclared(
  content: Uint8Array,
  declared: TextEncodingName,
  key: string | undefined,
): DecodeResult | undefined {
  if (declared === 'utf-8') return undefined;
  if (declared === 'utf-16le' || declared === 'utf-16be') {
    const text = decodeStrict(content, declared);
    return text === undefined ? undefined : finish(text, declared, key);
  }
  const text = decodeSingleByte(content, declared);
  return hasC1Control(text) ? undefined : finish(text, declared, key);
}

function decodeBytes(bytes: Uint8Array, key: string | undefined, charset: string | undefined): DecodeResult {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = decodeStrict(bytes, 'utf-16le');
    return text === undefined
      ? undecodable(key, 'starts with a UTF-16 LE byte-order mark but is not valid UTF-16.')
      : finish(text, 'utf-16le', key);
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const text = decodeStrict(bytes, 'utf-16be');
    return text === undefined
      ? undecodable(key, 'starts with a UTF-16 BE byte-order mark but is not valid UTF-16.')
      : finish(text, 'utf-16be', key);
  }
  const hasBom = startsWith(bytes.length, (i) => bytes[i] ?? -1, UTF8_BOM);
  const content = hasBom ? bytes.subarray(UTF8_BOM.length) : bytes;
  const label = charset?.trim().toLowerCase();
  const declared = label !== undefined && label !== '' ? CHARSET_LABELS[label] : undefined;
  if (!hasBom && (declared === 'utf-16le' || declared === 'utf-16be')) {
    const text = decodeDeclared(content, declared, key);
    if (text !== undefined) return text;
  }
  if (content.includes(0)) return nulBytes(key);
  const utf8 = decodeStrict(content, 'utf-8');
  if (utf8 !== undefined) return finish(utf8, 'utf-8', key);
  if (declared !== undefined) {
    const text = decodeDeclared(content, declared, key);
    if (text !== undefined) return text;
  } else if (label !== undefined && label !== '') {
    return undecodable(
      key,
      `is not valid UTF-8 and declares the character set "${label}", which is not supported (supported: UTF-8, UTF-16, Windows-1252, ISO-8859-1/15, Windows-1251, KOI8-R).`,
    );
  }
  return decodeLegacy(content, key);
}

/**
 * Decodes an upload to text. A string input is taken as already decoded (its
 * size is measured in UTF-8 bytes). Never throws.
 */
export function decodeInput(input: Uint8Array | string, options: DecodeOptions = {}): DecodeResult {
  const { key } = options;
  const max = effectiveMaxBytes(options.maxBytes);
  if (typeof input === 'string') {
    // Every UTF-16 code unit is one to three UTF-8 bytes, so a long string is over the limit and a
    // short one within it without measuring.
    if (input.length * 3 > max) {
      const size = input.length > max ? input.length : utf8Length(input);
      if (size > max) return tooLarge(key, size, max);
    }
    if (input.length === 0) return empty(key);
    const signature = findSignature(input.length, (i) => input.charCodeAt(i));
    if (signature !== undefined) return binary(key, signature);
    return finish(input.replace(/^\uFEFF/, ''), 'utf-8', key);
  }
  if (input.length > max) return tooLarge(key, input.length, max);
  if (input.length === 0) return empty(key);
  const signature = findSignature(input.length, (i) => input[i] ?? -1);
  if (signature !== undefined) return binary(key, signature);
  return decodeBytes(input, key, options.charset);
}
