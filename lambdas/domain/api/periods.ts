/**
 * Calendar periods for count series: ISO date prefixes (`2024`, `2024-03`,
 * `2024-03-12`), the periods a range covers at day or month granularity, and
 * their number. Pure, UTC throughout.
 */
import type { Granularity } from '../breakdowns';

const DATE_PREFIX = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** True for a real calendar date prefix: `2024`, `2024-02`, `2024-02-29` (not `2023-02-29`, not `2024-13`). */
export function isDatePrefix(value: string): boolean {
  const match = DATE_PREFIX.exec(value);
  if (!match) return false;
  const [, year, month, day] = match;
  // Years before 1000 are not dates here (`0000` marks an undated article in the index).
  if (Number(year) < 1000) return false;
  if (month === undefined) return true;
  const m = Number(month);
  if (m < 1 || m > 12) return false;
  if (day === undefined) return true;
  const d = Number(day);
  return d >= 1 && d <= daysInMonth(Number(year), m);
}

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The first day a prefix covers: `2024` → `2024-01-01`, `2024-03` → `2024-03-01`. */
export function firstDay(prefix: string): string {
  const [year = '', month = '01', day = '01'] = prefix.split('-');
  return `${year}-${month}-${day}`;
}

/** The last day a prefix covers: `2024` → `2024-12-31`, `2024-02` → `2024-02-29`. */
export function lastDay(prefix: string): string {
  const [year = '', month = '12', day] = prefix.split('-');
  return `${year}-${month}-${day ?? pad(daysInMonth(Number(year), Number(month)))}`;
}

/** The range `[from, to]` as periods of one granularity: the first and last period it touches. */
export function periodBounds(
  granularity: Granularity,
  from: string,
  to: string,
): { readonly from: string; readonly to: string } {
  const start = firstDay(from);
  const end = lastDay(to);
  return granularity === 'month'
    ? { from: start.slice(0, 7), to: end.slice(0, 7) }
    : { from: start, to: end };
}

/** Number of periods from `from` to `to` inclusive (0 when `to` is before `from`). */
export function periodCount(granularity: Granularity, from: string, to: string): number {
  const bounds = periodBounds(granularity, from, to);
  if (granularity === 'month') {
    const [fy = 0, fm = 0] = bounds.from.split('-').map(Number);
    const [ty = 0, tm = 0] = bounds.to.split('-').map(Number);
    return Math.max(0, (ty - fy) * 12 + (tm - fm) + 1);
  }
  const days = (Date.parse(`${bounds.to}T00:00:00Z`) - Date.parse(`${bounds.from}T00:00:00Z`)) / 86_400_000;
  return Math.max(0, Math.round(days) + 1);
}

/** Every period from `from` to `to` inclusive, in order: `2024-01`, `2024-02`, … or `2024-01-30`, `2024-01-31`, … */
export function periodsBetween(granularity: Granularity, from: string, to: string): string[] {
  const bounds = periodBounds(granularity, from, to);
  const out: string[] = [];
  if (granularity === 'month') {
    let [year = 0, month = 0] = bounds.from.split('-').map(Number);
    for (let period = `${year}-${pad(month)}`; period <= bounds.to; period = `${year}-${pad(month)}`) {
      out.push(period);
      month += 1;
      if (month > 12) {
        month = 1;
        year += 1;
      }
    }
    return out;
  }
  const day = new Date(`${bounds.from}T00:00:00Z`);
  for (let period = bounds.from; period <= bounds.to; period = day.toISOString().slice(0, 10)) {
    out.push(period);
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return out;
}
