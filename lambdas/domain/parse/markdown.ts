/**
 * Markdown articles: optional YAML front matter (flat `key: value` pairs, which
 * is what article exports write) and a body reduced to plain text: headings,
 * emphasis, links, images, code fences, quotes, list markers and tables lose
 * their syntax; the words stay.
 */
import type { ArticleSource } from './assemble';
import { FRONT_MATTER_KEYS, type MetadataField } from './fields';

const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;
const KEY_LINE = /^([A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]+(.*))?$/;

/** Unquotes a YAML scalar: `"a \"b\""`, `'it''s'`, `plain # comment`. */
function scalar(raw: string): string {
  const value = raw.trim();
  if (value.startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (typeof parsed === 'string') return parsed;
    } catch {
      // not JSON-compatible: fall through and strip the quotes
    }
    return value.replace(/^"|"$/g, '');
  }
  if (value.startsWith("'")) return value.replace(/^'|'$/g, '').replace(/''/g, "'");
  return value.replace(/\s+#.*$/, '');
}

/** Flat front matter: top-level `key: value` pairs; `key:` followed by an indented `name:` takes that name. */
export function readFrontMatter(block: string): Map<string, string> {
  const data = new Map<string, string>();
  const lines = block.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = KEY_LINE.exec(lines[i] ?? '');
    if (match === null) continue;
    const key = (match[1] ?? '').toLowerCase();
    let value = scalar(match[2] ?? '');
    if (value === '' || value === '|' || value === '>' || value === '|-' || value === '>-') {
      const nested: string[] = [];
      while (i + 1 < lines.length && /^[ \t]+\S/.test(lines[i + 1] ?? ''))
        nested.push((lines[++i] ?? '').trim());
      const name = nested.map((l) => /^name\s*:\s*(.*)$/i.exec(l)?.[1]).find((n) => n !== undefined);
      value =
        name !== undefined ? scalar(name) : nested.every((l) => !KEY_LINE.test(l)) ? nested.join(' ') : '';
    }
    if (value !== '' && !data.has(key)) data.set(key, value);
  }
  return data;
}

function pick(data: ReadonlyMap<string, string>, field: MetadataField): string | undefined {
  for (const key of FRONT_MATTER_KEYS[field]) {
    const value = data.get(key.toLowerCase());
    if (value !== undefined) return value;
  }
  return undefined;
}

/** True when `text` starts with a front-matter block. */
export const hasFrontMatter = (text: string): boolean => FRONT_MATTER.test(text);

/**
 * Inline syntax, in order. Each inner class excludes its own delimiters, so a
 * long line of unmatched `[` or `**` costs linear time, not quadratic.
 */
const INLINE_RULES: readonly (readonly [RegExp, string])[] = [
  [/!\[([^[\]\n]*)\]\([^()\n]*\)/g, ''],
  [/!\[([^[\]\n]*)\]\[[^[\]\n]*\]/g, ''],
  [/\[([^[\]\n]+)\]\([^()\n]*\)/g, '$1'],
  [/\[([^[\]\n]+)\]\[[^[\]\n]*\]/g, '$1'],
  [/<((?:https?|mailto):[^<>\s]+)>/g, '$1'],
  [/<\/?[a-zA-Z][^<>\n]*>/g, ''],
  [/`+([^`\n]+)`+/g, '$1'],
  [/\*\*(?=[^\s*])([^*\n]*?[^\s*])\*\*/g, '$1'],
  [/__(?=[^\s_])([^_\n]*?[^\s_])__/g, '$1'],
  [/(?<![\p{L}\p{N}*])\*(?=\S)([^*\n]*?\S)\*(?![\p{L}\p{N}*])/gu, '$1'],
  [/(?<![\p{L}\p{N}_])_(?=\S)([^_\n]*?\S)_(?![\p{L}\p{N}_])/gu, '$1'],
  [/~~(?=[^\s~])([^~\n]*?[^\s~])~~/g, '$1'],
  [/\\([\\`*_{}[\]()#+\-.!>|~])/g, '$1'],
];

function inline(line: string): string {
  return INLINE_RULES.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), line);
}

const HEADING = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const SETEXT = /^ {0,3}(?:=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(```|~~~)/;
const REFERENCE = /^ {0,3}\[[^\]]+\]:\s+\S+/;
const TABLE_SEPARATOR = /^\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?$/;

/** Markdown to plain text; the first heading, when it opens the document, is returned as the title. */
export function markdownToText(markdown: string): { readonly heading?: string; readonly text: string } {
  const out: string[] = [];
  let heading: string | undefined;
  let inFence = false;
  let seenText = false;
  for (const raw of markdown.split('\n')) {
    if (FENCE.test(raw)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      out.push(raw);
      seenText = true;
      continue;
    }
    let line = raw;
    while (/^ {0,3}>/.test(line)) line = line.replace(/^ {0,3}> ?/, '');
    const previous = out[out.length - 1] ?? '';
    if (SETEXT.test(line) && previous.trim() !== '') {
      out.push('');
      continue;
    }
    if (RULE.test(line) || REFERENCE.test(line) || TABLE_SEPARATOR.test(line.trim())) {
      out.push('');
      continue;
    }
    const h = HEADING.exec(line);
    if (h !== null) {
      const text = inline(h[1] ?? '').trim();
      if (!seenText && heading === undefined && text !== '') heading = text;
      else out.push('', text, '');
      continue;
    }
    line = line.replace(/^\s*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?/, '');
    if (line.includes('|') && /^\s*\|.*\|\s*$/.test(line)) {
      line = line
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => cell.trim())
        .join(' – ');
    }
    line = inline(line);
    if (line.trim() !== '') seenText = true;
    out.push(line);
  }
  return { ...(heading !== undefined ? { heading } : {}), text: out.join('\n') };
}

/** Reads a Markdown article (line endings already `\n`). */
export function readMarkdown(markdown: string): ArticleSource {
  // Runs of spaces carry no meaning here (normalisation collapses them later) and would slow the line patterns.
  const text = markdown.replace(/[ \t]{2,}/g, (run) => (run.includes('\t') ? '    ' : run.slice(0, 4)));
  const match = FRONT_MATTER.exec(text);
  const data = match !== null ? readFrontMatter(match[1] ?? '') : new Map<string, string>();
  const body = match !== null ? text.slice(match[0].length) : text;
  const { heading, text: plain } = markdownToText(body);
  const title = pick(data, 'title') ?? heading;
  const date = pick(data, 'date');
  const source = pick(data, 'source');
  const url = pick(data, 'url');
  const lang = pick(data, 'lang');
  // A heading that differs from the front-matter title is the first line of the text.
  const lead = heading !== undefined && title !== heading ? `${heading}\n\n` : '';
  return {
    format: 'markdown',
    text: lead + plain,
    ...(title !== undefined ? { title } : {}),
    ...(date !== undefined ? { date } : {}),
    ...(source !== undefined ? { source } : {}),
    ...(url !== undefined ? { url } : {}),
    ...(lang !== undefined ? { lang } : {}),
  };
}
