/**
 * Text files that open with a header block of labelled lines:
 *
 *     Title: Brücken über die Ems
 *     Date: 2024-03-12
 *     Source: Emsland-Kurier
 *
 *     Die Arbeiten …
 *
 * Labels come from {@link HEADER_LABELS} (en, de, ru). A block counts only when
 * it starts on the first line, runs to a blank line (or the end of the labels)
 * and names a title or at least two known fields, so a plain article that
 * happens to begin with `Quelle: …` stays plain.
 */
import type { ArticleSource } from './assemble';
import { HEADER_LABELS, type MetadataField } from './fields';

const LABEL_TO_FIELD: ReadonlyMap<string, MetadataField> = new Map(
  (Object.entries(HEADER_LABELS) as [MetadataField, readonly string[]][]).flatMap(([field, labels]) =>
    labels.map((label) => [label.toLowerCase(), field] as const),
  ),
);

const LABELLED_LINE = /^[ \t]{0,8}([^\s:][^:\n]{0,30}?)[ \t]{0,8}:(.*)$/;

/** Reads a header-block article (line endings already `\n`), or undefined when the text has no header block. */
export function readHeaderBlock(text: string): ArticleSource | undefined {
  const lines = text.replace(/^\s*\n/, '').split('\n');
  const fields = new Map<MetadataField, string>();
  let i = 0;
  for (; i < lines.length; i++) {
    const match = LABELLED_LINE.exec(lines[i] ?? '');
    const field = match !== null ? LABEL_TO_FIELD.get((match[1] ?? '').toLowerCase()) : undefined;
    if (match === null || field === undefined) break;
    const value = (match[2] ?? '').trim();
    if (!fields.has(field) && value !== '') fields.set(field, value);
  }
  const next = lines[i];
  const endsCleanly = next === undefined || next.trim() === '';
  if (!endsCleanly || (!fields.has('title') && fields.size < 2)) return undefined;
  const get = (field: MetadataField) => fields.get(field);
  const entries = (['title', 'date', 'source', 'url', 'lang'] as const).flatMap((field) => {
    const value = get(field);
    return value === undefined ? [] : [[field, value] as const];
  });
  return { format: 'header', text: lines.slice(i).join('\n'), ...Object.fromEntries(entries) };
}
