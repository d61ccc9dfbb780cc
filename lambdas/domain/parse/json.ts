/**
 * Scraper output: one article object per `.json` file, or one per line of a
 * `.jsonl`/`.ndjson` file. Field names come from {@link JSON_FIELDS}.
 */
import type { ParsedEntry } from '../article';
import { type ArticleFormat, type ArticleSource, assembleArticle } from './assemble';
import { JSON_FIELDS, type MetadataField } from './fields';
import { htmlFragmentToText } from './html';
import { type Rejected, reject } from './rejections';

type JsonObject = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `a JSON array`, `a JSON string`, … for reasons. */
export function describeJsonValue(value: unknown): string {
  if (Array.isArray(value)) return 'a JSON array';
  if (value === null) return 'JSON null';
  return `a JSON ${typeof value}`;
}

/** A field value as text: strings as they are, numbers (epoch dates), `{ name }` objects, arrays of strings joined. */
function fieldText(value: unknown, field: MetadataField): unknown {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number') return field === 'date' ? value : String(value);
  if (Array.isArray(value)) {
    const strings = value.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
    if (strings.length === 0) return undefined;
    return field === 'body' ? strings.join('\n\n') : strings[0];
  }
  if (isObject(value)) {
    const named = value.name ?? value.alternateName ?? value['@id'] ?? value.url;
    return typeof named === 'string' && named.trim() !== '' ? named : undefined;
  }
  return undefined;
}

function pick(object: JsonObject, lowerKeys: ReadonlyMap<string, string>, field: MetadataField): unknown {
  for (const name of JSON_FIELDS[field]) {
    const key = lowerKeys.get(name.toLowerCase());
    if (key === undefined) continue;
    const value = fieldText(object[key], field);
    if (value !== undefined) return value;
  }
  return undefined;
}

const LOOKS_LIKE_HTML = /<(?:p|br|div|h[1-6]|li|span|a|em|strong|b|i)\b[^>]*>/i;

/** The article in a parsed JSON value; `describe` names it in reasons (`The file "a.json"`, `Line 3 of …`). */
export function readJsonArticle(
  value: unknown,
  format: Extract<ArticleFormat, 'json' | 'jsonl'>,
  describe: string,
): ArticleSource | Rejected {
  if (!isObject(value)) {
    return reject(
      'MALFORMED',
      `${describe} is ${describeJsonValue(value)}, not an article object. ` +
        'Give each article as one JSON object with fields such as "title", "text" and "date".',
    );
  }
  const lowerKeys = new Map(Object.keys(value).map((k) => [k.toLowerCase(), k] as const));
  const body = pick(value, lowerKeys, 'body');
  if (typeof body !== 'string') {
    const present = Object.keys(value).slice(0, 12).join(', ');
    return reject(
      'NO_BODY',
      `${describe} has no article text: none of the fields ${JSON_FIELDS.body.join(', ')} holds text` +
        `${present !== '' ? ` (fields present: ${present})` : ' (the object is empty)'}. ` +
        'Put the article text in a "text" field.',
    );
  }
  const text = LOOKS_LIKE_HTML.test(body) ? htmlFragmentToText(body) : body;
  const fields = (['title', 'date', 'source', 'url', 'lang'] as const).flatMap((field) => {
    const found = pick(value, lowerKeys, field);
    return found === undefined ? [] : [[field, found] as const];
  });
  return { format, text, ...Object.fromEntries(fields) };
}

const WHITE = new Set([' ', '\t', '\n', '\r']);

/**
 * The offset of the first syntax error in `json` (which JSON.parse refused),
 * found with a small validating scanner: Node's messages do not always carry
 * a position. Returns the length when the text ends too early.
 */
export function locateJsonError(json: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const skip = () => {
    while (WHITE.has(json[i] ?? '')) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) if (json[i++] !== ch) fail();
  };
  const string = () => {
    i++;
    for (;;) {
      const ch = json[i];
      if (ch === undefined || ch < ' ') fail();
      if (ch === '"') {
        i++;
        return;
      }
      if (ch === '\\') {
        const next = json[i + 1] ?? '';
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(json.slice(i + 2, i + 6))) fail();
          i += 6;
        } else if ('"\\/bfnrt'.includes(next) && next !== '') i += 2;
        else {
          i++;
          fail();
        }
      } else i++;
    }
  };
  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(json.slice(i, i + 400));
    if (m === null || m[0] === '' || m[0] === '-') fail();
    i += m?.[0].length ?? 0;
  };
  const value = (depth: number) => {
    if (depth > 2000) fail();
    skip();
    const ch = json[i];
    if (ch === '{') {
      i++;
      skip();
      if (json[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        skip();
        if (json[i] !== '"') fail();
        string();
        skip();
        if (json[i] !== ':') fail();
        i++;
        value(depth + 1);
        skip();
        if (json[i] === ',') i++;
        else if (json[i] === '}') {
          i++;
          return;
        } else fail();
      }
    }
    if (ch === '[') {
      i++;
      skip();
      if (json[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        skip();
        if (json[i] === ',') i++;
        else if (json[i] === ']') {
          i++;
          return;
        } else fail();
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    return number();
  };
  try {
    value(0);
    skip();
    return Math.min(i, json.length);
  } catch (at) {
    return typeof at === 'number' ? Math.min(at, json.length) : 0;
  }
}

/** Where JSON.parse failed, for people: `line 3, column 12`, plus what was found there. */
export function jsonErrorDetail(json: string): string {
  const position = locateJsonError(json);
  const before = json.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  const found = json[position];
  const what =
    found === undefined
      ? 'the text ends too early (a missing quote, bracket or brace?)'
      : `unexpected ${JSON.stringify(found)}`;
  return `line ${line}, column ${column}: ${what}`;
}

/** Parses a single-article JSON file. */
export function parseJsonFile(json: string, describe: string): ArticleSource | Rejected {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return reject(
      'MALFORMED',
      `${describe} is not valid JSON at ${jsonErrorDetail(json)}. ` +
        'Fix the JSON (a JSON validator shows where) and upload it again.',
    );
  }
  if (Array.isArray(value)) {
    return reject(
      'UNSUPPORTED',
      `${describe} is a JSON array; a .json file must hold one article object. ` +
        'For many articles, upload a JSON Lines file (.jsonl): one article object per line.',
    );
  }
  return readJsonArticle(value, 'json', describe);
}

/** Parses a JSON Lines file: one entry per non-blank line, each on its own. */
export function parseJsonLines(text: string, describeFile: string): ParsedEntry[] {
  const entries: ParsedEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] ?? '').trim();
    if (raw === '') continue;
    const line = i + 1;
    const describe = `Line ${line} of ${describeFile.replace(/^The file/, 'the file')}`;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      entries.push({
        line,
        result: reject(
          'MALFORMED',
          `${describe} is not valid JSON at ${jsonErrorDetail((lines[i] ?? '').replace(/\r$/, '')).replace(/^line 1, /, '')}. ` +
            'Fix or remove that line and upload the file again; the other lines are not affected.',
        ),
      });
      continue;
    }
    const source = readJsonArticle(value, 'jsonl', describe);
    entries.push({ line, result: 'ok' in source ? source : assembleArticle(source, describe) });
  }
  return entries;
}
