/**
 * Declared character sets: the `charset` of a Content-Type, an HTML
 * `<meta charset>` / `<meta http-equiv="Content-Type">`, or an XML declaration,
 * mapped to the encodings the decoder supports.
 */
import type { TextEncodingName } from './decode';

/** Charset labels (lower case) and the decoder they select. As in browsers, latin1/ASCII labels decode as windows-1252. */
export const CHARSET_LABELS: Readonly<Record<string, TextEncodingName>> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'x-cp1252': 'windows-1252',
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  iso_8859_1: 'windows-1252',
  'iso_8859-1': 'windows-1252',
  latin1: 'windows-1252',
  l1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'iso-8859-15': 'iso-8859-15',
  'iso8859-15': 'iso-8859-15',
  'iso_8859-15': 'iso-8859-15',
  latin9: 'iso-8859-15',
  l9: 'iso-8859-15',
  'windows-1251': 'windows-1251',
  cp1251: 'windows-1251',
  'x-cp1251': 'windows-1251',
  'koi8-r': 'koi8-r',
  koi8: 'koi8-r',
  koi8r: 'koi8-r',
  cskoi8r: 'koi8-r',
};

/** A declared charset: the label as written, and the supported encoding it names (undefined when unsupported). */
export interface DeclaredCharset {
  readonly label: string;
  readonly encoding?: TextEncodingName;
}

const declared = (label: string): DeclaredCharset => {
  const clean = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  const encoding = CHARSET_LABELS[clean];
  return encoding !== undefined ? { label: clean, encoding } : { label: clean };
};

/** The charset parameter of a Content-Type header (`text/html; charset=windows-1251`). */
export function charsetFromContentType(contentType: string | undefined): DeclaredCharset | undefined {
  const match = /;\s*charset\s*=\s*("?)([\w.:-]+)\1/i.exec(contentType ?? '');
  return match?.[2] !== undefined ? declared(match[2]) : undefined;
}

/** How many leading bytes are searched for a `<meta charset>` or XML declaration. */
const PRESCAN_BYTES = 4096;

const META_CHARSET = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)/i;
const XML_ENCODING = /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([\w.:-]+)["']/i;

/**
 * The charset an HTML or XML document declares in its first bytes, read as
 * ASCII (the declaration itself is always ASCII).
 */
export function sniffDeclaredCharset(bytes: Uint8Array): DeclaredCharset | undefined {
  const head = bytes.subarray(0, PRESCAN_BYTES);
  let ascii = '';
  for (const b of head) ascii += b < 0x80 ? String.fromCharCode(b) : '\u00bf';
  const match = XML_ENCODING.exec(ascii) ?? META_CHARSET.exec(ascii);
  return match?.[1] !== undefined ? declared(match[1]) : undefined;
}
