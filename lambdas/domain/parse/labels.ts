/**
 * The line labels the parser recognises, per language. This is data: to accept
 * a new outlet's wording, add a row here; the parser builds its patterns from
 * these tables once, at module load.
 */

export interface LineLabel {
  /** The label as it appears in the text, without its separator. Matched case-insensitively. */
  readonly label: string;
  /** ISO 639-1 code of the language the label belongs to (documentation only). */
  readonly lang: 'de' | 'en' | 'ru';
}

/**
 * Photo-credit labels. A credit is a paragraph of one line, `<label>: <credit>`,
 * e.g. `Quelle: Gettyimages.ru © Geem Drake/SOPA Images/LightRocket`.
 */
export const CREDIT_LABELS: readonly LineLabel[] = [
  { label: 'Quelle', lang: 'de' },
  { label: 'Bildquelle', lang: 'de' },
  { label: 'Foto', lang: 'de' },
  { label: 'Bild', lang: 'de' },
  { label: 'Source', lang: 'en' },
  { label: 'Photo', lang: 'en' },
  { label: 'Photo credit', lang: 'en' },
  { label: 'Image', lang: 'en' },
  { label: 'Источник', lang: 'ru' },
  { label: 'Источник фото', lang: 'ru' },
  { label: 'Фото', lang: 'ru' },
];

/** Separators allowed between a credit label and the credit. */
export const CREDIT_SEPARATORS = ':';

/** A credit line longer than this is a sentence, not a credit. */
export const MAX_CREDIT_LENGTH = 300;

/**
 * Related-headline labels, e.g. `Mehr zum Thema – Rücktritt der Regierung …`.
 * The label starts a line or follows the end of a sentence on the same line
 * (the sample glues it to the last body paragraph); the headline runs to the
 * end of its line.
 */
export const RELATED_LABELS: readonly LineLabel[] = [
  { label: 'Mehr zum Thema', lang: 'de' },
  { label: 'Lesen Sie auch', lang: 'de' },
  { label: 'More on the topic', lang: 'en' },
  { label: 'Read more', lang: 'en' },
  { label: 'Больше по теме', lang: 'ru' },
  { label: 'Ещё по теме', lang: 'ru' },
  { label: 'Еще по теме', lang: 'ru' },
  { label: 'Читайте также', lang: 'ru' },
];

/** Separators allowed after a related-headline label: en dash, em dash, figure dash, horizontal bar, hyphen, colon. */
export const RELATED_SEPARATORS = '–—‒―:-';

/** Characters that end a sentence, after which a glued related-headline label is recognised. */
export const SENTENCE_END = '.!?…"»“”\'’)]';
