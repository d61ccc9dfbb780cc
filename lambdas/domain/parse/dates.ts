/**
 * Publication dates from metadata values and from written text, with their
 * precision. A value that is not a real calendar date yields no date: never a
 * guessed one.
 */
import type { DatePrecision } from '../article';
import { MONTH_NAMES } from './month-names';

export interface DatedValue {
  /** ISO-8601 prefix matching the precision: `2024`, `2024-03`, `2024-03-12`, `2024-03-12T08:00:00Z`. */
  readonly date: string;
  readonly datePrecision: DatePrecision;
}

/** How far into an article's text a written date is looked for. */
export const WRITTEN_DATE_WINDOW = 500;

const MIN_YEAR = 1800;
const MAX_YEAR = 2200;

const MONTHS: ReadonlyMap<string, number> = new Map(
  Object.values(MONTH_NAMES).flatMap((table) => Object.entries(table)),
);

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function isCalendarDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function day(y: number, m: number, d: number): DatedValue | undefined {
  return isCalendarDate(y, m, d) ? { date: `${y}-${pad(m)}-${pad(d)}`, datePrecision: 'day' } : undefined;
}

function second(epochMs: number): DatedValue | undefined {
  if (!Number.isFinite(epochMs)) return undefined;
  const when = new Date(epochMs);
  const y = when.getUTCFullYear();
  if (y < MIN_YEAR || y > MAX_YEAR) return undefined;
  return { date: `${when.toISOString().slice(0, 19)}Z`, datePrecision: 'second' };
}

/** `Z`, `+02:00`, `-0500`, `GMT`, `UTC` -> offset in minutes; undefined when absent or unknown. */
function zoneOffsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === '') return undefined;
  if (/^(?:z|gmt|utc|ut)$/i.test(zone)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (m === null) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

/** A date and time; with a zone it is second precision in UTC, without one only its day is certain. */
function dateTime(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  zone: string | undefined,
): DatedValue | undefined {
  if (!isCalendarDate(y, mo, d) || h > 23 || mi > 59 || s > 60) return undefined;
  const offset = zoneOffsetMinutes(zone);
  if (offset === undefined) return day(y, mo, d);
  return second(Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59)) - offset * 60_000);
}

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?$/i;
const RFC_2822 =
  /^(?:[a-z]{3},?\s+)?(\d{1,2})\s+([a-z]{3,})\.?\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s*(GMT|UTC|UT|Z|[+-]\d{4})?$/i;

type DateRule = readonly [RegExp, (m: RegExpExecArray, text: string) => DatedValue | undefined];

/** Metadata date shapes, tried in order; the first that matches decides. */
const DATE_RULES: readonly DateRule[] = [
  [
    /^(\d{4})$/,
    (m, text) => {
      const y = Number(m[1]);
      return y >= MIN_YEAR && y <= MAX_YEAR ? { date: text, datePrecision: 'year' } : undefined;
    },
  ],
  [
    /^(\d{4})-(\d{2})$/,
    (m, text) =>
      isCalendarDate(Number(m[1]), Number(m[2]), 1) ? { date: text, datePrecision: 'month' } : undefined,
  ],
  [/^(\d{4})-(\d{2})-(\d{2})$/, (m) => day(Number(m[1]), Number(m[2]), Number(m[3]))],
  [
    ISO_DATE_TIME,
    ([, y, mo, d, h, mi, s, zone]) =>
      dateTime(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s ?? 0), zone),
  ],
  [/^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, (m) => day(Number(m[3]), Number(m[2]), Number(m[1]))],
  [
    RFC_2822,
    ([, d, monthName = '', y, h, mi, s, zone]) => {
      const mo = MONTHS.get(monthName.toLowerCase());
      return mo === undefined
        ? undefined
        : dateTime(Number(y), mo, Number(d), Number(h), Number(mi), Number(s ?? 0), zone);
    },
  ],
];

/**
 * A date from a metadata value (JSON field, meta tag, front matter, header
 * line): ISO dates and date-times, `DD.MM.YYYY`, RFC 2822, Unix epoch seconds
 * or milliseconds, or a written date (`12. März 2024`).
 */
export function parseDateValue(value: unknown): DatedValue | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) return undefined;
    return second(value > 1e11 ? value : value * 1000);
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text.length > 100) return undefined;
  for (const [pattern, read] of DATE_RULES) {
    const match = pattern.exec(text);
    if (match !== null) return read(match, text);
  }
  return findWrittenDate(text);
}

const monthAlternation = [...MONTHS.keys()]
  .sort((a, b) => b.length - a.length)
  .map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  .join('|');

/** `12. März 2024`, `12 March 2024`, `1st of June 2023`, `12 марта 2024`, `1-го мая 2024`. */
const DAY_MONTH_YEAR = new RegExp(
  `(?<![\\p{L}\\p{N}])(\\d{1,2})(?:\\.\\s*|(?:st|nd|rd|th)?\\s+(?:of\\s+)?|-?го\\s+)(${monthAlternation})\\.?\\s+(\\d{4})(?![\\p{L}\\p{N}])`,
  'iu',
);
/** `March 12, 2024`, `Mar. 12 2024`, `March 1st, 2024`. */
const MONTH_DAY_YEAR = new RegExp(
  `(?<![\\p{L}\\p{N}])(${monthAlternation})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?![\\p{L}\\p{N}])`,
  'iu',
);

/**
 * The first German, English or Russian written date in the first
 * {@link WRITTEN_DATE_WINDOW} characters of `text`, with day precision.
 */
export function findWrittenDate(text: string): DatedValue | undefined {
  const window = text.slice(0, WRITTEN_DATE_WINDOW);
  const candidates: { index: number; value: DatedValue }[] = [];
  const dmy = DAY_MONTH_YEAR.exec(window);
  if (dmy !== null) {
    const mo = MONTHS.get((dmy[2] ?? '').toLowerCase());
    const value = mo !== undefined ? day(Number(dmy[3]), mo, Number(dmy[1])) : undefined;
    if (value !== undefined) candidates.push({ index: dmy.index, value });
  }
  const mdy = MONTH_DAY_YEAR.exec(window);
  if (mdy !== null) {
    const mo = MONTHS.get((mdy[1] ?? '').toLowerCase());
    const value = mo !== undefined ? day(Number(mdy[3]), mo, Number(mdy[2])) : undefined;
    if (value !== undefined) candidates.push({ index: mdy.index, value });
  }
  candidates.sort((a, b) => a.index - b.index);
  return candidates[0]?.value;
}
