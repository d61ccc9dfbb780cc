/**
 * Rejections with a human-readable reason: what was wrong and what the user
 * can do about it. `code` is for machines, `reason` for people.
 */
import type { Rejection, RejectionCode } from '../article';

export type Rejected = { readonly ok: false; readonly rejection: Rejection };

export const reject = (code: RejectionCode, reason: string): Rejected => ({
  ok: false,
  rejection: { code, reason },
});

/** How the reason names the input: the S3 key when known, else "The file". */
export const describeInput = (key: string | undefined): string =>
  key !== undefined && key !== '' ? `The file "${key}"` : 'The file';

/** `1536` -> `1.5 KiB`, `12582912` -> `12 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const rounded = value >= 10 ? Math.round(value).toString() : value.toFixed(1).replace(/\.0$/, '');
  return `${rounded} ${units[unit]}`;
}

/** Start of the reason given when the parser itself fails: a bug, never the user's fault. */
export const INTERNAL_FAILURE_REASON = 'The parser failed on';

/** The rejection for an exception inside the parser: says it is a bug, keeps the message visible. */
export function internalFailure(key: string | undefined, error: unknown): Rejected {
  const message = error instanceof Error ? error.message : String(error);
  return reject(
    'MALFORMED',
    `${INTERNAL_FAILURE_REASON} ${describeInput(key).replace(/^The file/, 'the file')} (${message}). ` +
      'This is a bug in the pipeline, not in your file: please report it with the file attached.',
  );
}
