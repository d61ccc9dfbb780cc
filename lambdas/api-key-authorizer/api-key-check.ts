import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * True when `given` equals `expected`, compared in constant time. Both sides are
 * hashed first so that neither their lengths nor the position of the first
 * differing character leaks through timing. A missing or empty key never matches.
 */
export function apiKeyMatches(given: string | undefined, expected: string): boolean {
  if (!given || !expected) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
