/**
 * The query parameters of each endpoint, validated with zod. Each schema
 * turns a raw `queryStringParameters` object into what the store is asked;
 * anything wrong becomes a list of issues the 400 response names.
 */
import * as z from 'zod';
import { facets } from '../../schema/article-table';
import { BREAKDOWNS, type Breakdown } from '../domain/api/count-breakdown';
import { firstDay, isDatePrefix, lastDay, periodBounds, periodCount } from '../domain/api/periods';
import type { CountBasis, Granularity } from '../domain/breakdowns';
import { ALIGNMENT_LABELS } from '../domain/classification';
import type { ListOptions } from '../domain/queries';

export const MAX_LIMIT = 200;
export const DEFAULT_LIMIT = 50;
/** Longest count series: a year of days or ten years of months. */
export const MAX_PERIODS: Readonly<Record<Granularity, number>> = { day: 366, month: 120 };

export interface ParamIssue {
  readonly path: string;
  readonly message: string;
}

export class InvalidParametersError extends Error {
  override readonly name = 'InvalidParametersError';
  constructor(readonly issues: readonly ParamIssue[]) {
    super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '));
  }
}

const required = (what: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is required' : what;

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: required(`must be one of ${values.join(', ')}`) });

const datePrefix = z
  .string({ error: required('must be a date') })
  .refine(isDatePrefix, 'must be a date: YYYY, YYYY-MM or YYYY-MM-DD');

const limit = z
  .string()
  .regex(/^\d{1,4}$/, `must be a whole number from 1 to ${MAX_LIMIT}`)
  .transform(Number)
  .refine((n) => n >= 1 && n <= MAX_LIMIT, `must be a whole number from 1 to ${MAX_LIMIT}`);

const cursor = z.string().min(1, 'must not be empty').max(4096, 'is too long');

/** A slug, label or code as stored (lower-case): letters, digits, `_`, `-`, `.`. */
const slug = (what: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[\p{L}\p{N}][\p{L}\p{N}_.-]{0,99}$/u, `must be one ${what} (letters, digits, _ - .)`);

const source = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .refine((s) => !s.includes(','), 'must be one source');

const STANCE_LABELS = ['favor', 'against', 'neutral'] as const;

/** A date range check shared by lists and counts: `to` must not be before `from`. */
function checkRange(range: { from?: string; to?: string }, ctx: z.RefinementCtx): void {
  const { from, to } = range;
  if (from === undefined || to === undefined || !isDatePrefix(from) || !isDatePrefix(to)) return;
  if (firstDay(from) > lastDay(to)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'is before from' });
}

const articleFilters = ['topic', 'target', 'alignment', 'source', 'language'] as const;

export interface ArticleListQuery {
  /** The facet the list reads (`TOPIC#politics`, `STANCE#russia#against`, …). */
  readonly facet: string;
  readonly options: ListOptions & { readonly limit: number };
}

export const articleListParams = z
  .strictObject({
    topic: slug('topic slug').optional(),
    target: slug('stance target').optional(),
    stance: oneOf(STANCE_LABELS).optional(),
    alignment: oneOf(ALIGNMENT_LABELS as unknown as readonly [string, ...string[]]).optional(),
    source: source.optional(),
    language: slug('language code').optional(),
    from: datePrefix.optional(),
    to: datePrefix.optional(),
    limit: limit.optional(),
    cursor: cursor.optional(),
  })
  .superRefine((q, ctx) => {
    const given = articleFilters.filter((f) => q[f] !== undefined);
    if (q.stance !== undefined && q.target === undefined) {
      ctx.addIssue({ code: 'custom', path: ['stance'], message: 'needs a target (e.g. target=russia)' });
    } else if (q.target !== undefined && q.stance === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['stance'],
        message: 'is required with target (favor, against or neutral)',
      });
    }
    if (given.length === 0 && q.stance === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'give exactly one filter: topic, target with stance, alignment, source or language',
      });
    } else if (given.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: `give only one filter, not ${given.join(' and ')}`,
      });
    }
    checkRange(q, ctx);
  })
  .transform(
    (q): ArticleListQuery => ({
      facet: q.topic
        ? facets.topic(q.topic)
        : q.target && q.stance
          ? facets.stance(q.target, q.stance)
          : q.alignment
            ? facets.alignment(q.alignment)
            : q.source
              ? facets.source(q.source)
              : facets.language(q.language ?? ''),
      options: { from: q.from, to: q.to, limit: q.limit ?? DEFAULT_LIMIT, cursor: q.cursor },
    }),
  );

export interface CountsQuery {
  readonly breakdown: Breakdown;
  /** More breakdowns answered from the same counter reads (`also=language,source`). */
  readonly also?: readonly Breakdown[];
  readonly granularity: Granularity;
  readonly basis: CountBasis;
  /** Normalised to the granularity: `2024-03` (month) or `2024-03-01` (day). */
  readonly from: string;
  readonly to: string;
}

export const countsParams = z
  .strictObject({
    breakdown: oneOf(BREAKDOWNS),
    also: z
      .string()
      .transform((list) => list.split(',').filter((item) => item !== ''))
      .pipe(z.array(oneOf(BREAKDOWNS)).max(BREAKDOWNS.length))
      .optional(),
    granularity: oneOf(['day', 'month']).default('month'),
    basis: oneOf(['published', 'ingested']).default('published'),
    from: datePrefix,
    to: datePrefix,
  })
  .superRefine((q, ctx) => {
    checkRange(q, ctx);
    const periods = periodCount(q.granularity, q.from, q.to);
    const max = MAX_PERIODS[q.granularity];
    if (periods > max) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `the range covers ${periods} ${q.granularity}s; at most ${max} are allowed at ${q.granularity} granularity`,
      });
    }
  })
  .transform((q): CountsQuery => ({ ...q, ...periodBounds(q.granularity, q.from, q.to) }));

export const uploadParams = z.strictObject({
  bucket: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,62}$/, 'must be an S3 bucket name')
    .optional(),
  key: z
    .string({ error: required('must be an S3 key') })
    .min(1, 'must not be empty')
    .max(1024, 'must be at most 1024 characters'),
});

export interface FailureListQuery {
  readonly status: 'REJECTED' | 'FAILED';
  readonly options: ListOptions & { readonly limit: number };
}

export const failureListParams = z
  .strictObject({
    status: oneOf(['REJECTED', 'FAILED']),
    from: datePrefix.optional(),
    to: datePrefix.optional(),
    limit: limit.optional(),
    cursor: cursor.optional(),
  })
  .superRefine(checkRange)
  .transform(
    (q): FailureListQuery => ({
      status: q.status,
      options: { from: q.from, to: q.to, limit: q.limit ?? DEFAULT_LIMIT, cursor: q.cursor },
    }),
  );

export const noParams = z.strictObject({});

/** An article id as the pipeline makes them (hex), or any id of the same alphabet. */
export const articleIdParam = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be an article id (letters, digits, _ and -)');

/** Validates `input` or throws InvalidParametersError naming every issue. */
export function parseParams<S extends z.ZodType>(schema: S, input: unknown, pathPrefix = ''): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new InvalidParametersError(result.error.issues.flatMap((issue) => toParamIssues(issue, pathPrefix)));
}

function toParamIssues(issue: z.core.$ZodIssue, pathPrefix: string): ParamIssue[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: key, message: 'is not a parameter of this endpoint' }));
  }
  const path = issue.path.map(String).join('.');
  return [
    { path: pathPrefix && path ? `${pathPrefix}.${path}` : pathPrefix || path, message: issue.message },
  ];
}
