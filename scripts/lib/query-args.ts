/**
 * Command-line arguments of `npm run query`: what to ask, the filters (passed
 * to the API as query parameters, which the API validates) and where the API
 * is. Pure.
 */

export const QUERY_WHATS = ['articles', 'article', 'counts', 'upload', 'failures', 'meta'] as const;
export type QueryWhat = (typeof QUERY_WHATS)[number];

/** Flags passed through as API query parameters. */
export const FILTER_FLAGS = [
  'topic',
  'target',
  'stance',
  'alignment',
  'source',
  'language',
  'from',
  'to',
  'breakdown',
  'granularity',
  'basis',
  'limit',
  'cursor',
  'status',
  'bucket',
] as const;

const ALIASES: Readonly<Record<string, string>> = { lang: 'language', 'api-url': 'endpoint' };
const OPTION_FLAGS = ['endpoint', 'outputs', 'api-key', 'region', 'stack'] as const;
const BOOLEAN_FLAGS = ['json', 'help'] as const;

export const QUERY_USAGE = `usage: npm run query -- <what> [filters] [options]

what:
  articles              articles with one filter, newest first
  article <id>          one article with its stance evidence
  counts                a time series of counts (--breakdown, --from, --to required)
  upload <key>          what happened to an upload (S3 key under the drop bucket)
  failures              rejected or failed uploads (both unless --status)
  meta                  the targets, topics and labels you can filter by

filters (sent to the API as query parameters):
  --topic politics | --target russia --stance against | --alignment pro_kremlin
  --source rt.de | --language de        (articles: exactly one of these)
  --from 2024-01 --to 2024-03           (YYYY, YYYY-MM or YYYY-MM-DD, inclusive)
  --breakdown topic|stance|alignment|language|source|source_alignment|all
  --granularity day|month  --basis published|ingested
  --limit 20  --cursor <from the previous page>  --status REJECTED|FAILED  --bucket <name>

options:
  --json                raw JSON instead of a table
  --endpoint URL        the API (default http://127.0.0.1:$LOCAL_HTTP_PORT, port 3000)
  --outputs FILE        take the API URL from \`cdk deploy --outputs-file FILE\` (key <stack>.ApiUrl)
  --stack NAME          stack name in the outputs file (default NewsIngestStack)
  --api-key KEY         send x-api-key instead of signing the request
  --region REGION       SigV4 region when the URL does not name one (default AWS_REGION)

Requests to a non-loopback endpoint are signed with SigV4 (service execute-api)
using the default AWS credential chain, unless --api-key is given.`;

export class QueryUsageError extends Error {
  override readonly name = 'QueryUsageError';
}

export interface QueryCommand {
  readonly what: QueryWhat;
  /** `article <id>` */
  readonly id?: string;
  /** `upload <key>` */
  readonly key?: string;
  /** API query parameters, from the filter flags. */
  readonly params: Readonly<Record<string, string>>;
  readonly json: boolean;
  readonly help: boolean;
  readonly endpoint?: string;
  readonly outputs?: string;
  readonly stack: string;
  readonly apiKey?: string;
  readonly region?: string;
}

/** Parses `argv` (after `npm run query --`). Throws QueryUsageError with a reason. */
export function parseQueryArgs(argv: readonly string[]): QueryCommand {
  const positional: string[] = [];
  const params: Record<string, string> = {};
  const options: Record<string, string> = {};
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h') {
      flags.add('help');
      continue;
    }
    if (arg === '--' || !arg.startsWith('--')) {
      if (arg !== '--') positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const rawName = arg.slice(2, eq === -1 ? undefined : eq);
    const name = ALIASES[rawName] ?? rawName;
    if ((BOOLEAN_FLAGS as readonly string[]).includes(name)) {
      if (eq !== -1) throw new QueryUsageError(`--${rawName} takes no value`);
      flags.add(name);
      continue;
    }
    const isFilter = (FILTER_FLAGS as readonly string[]).includes(name);
    if (!isFilter && !(OPTION_FLAGS as readonly string[]).includes(name)) {
      throw new QueryUsageError(`unknown option --${rawName}`);
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--'))
        throw new QueryUsageError(`--${rawName} needs a value`);
      i++;
    }
    const target = isFilter ? params : options;
    if (target[name] !== undefined) throw new QueryUsageError(`--${rawName} is given twice`);
    target[name] = value;
  }

  const help = flags.has('help');
  const [whatArg, ...rest] = positional;
  if (whatArg === undefined) {
    if (help) return { what: 'meta', params, json: false, help, stack: 'NewsIngestStack' };
    throw new QueryUsageError(`say what to query: ${QUERY_WHATS.join(', ')}`);
  }
  if (!(QUERY_WHATS as readonly string[]).includes(whatArg)) {
    throw new QueryUsageError(`unknown query "${whatArg}"; expected one of ${QUERY_WHATS.join(', ')}`);
  }
  const what = whatArg as QueryWhat;
  const needsArgument = what === 'article' || what === 'upload';
  if (needsArgument && rest.length !== 1 && !help) {
    throw new QueryUsageError(
      what === 'article' ? 'usage: article <id>' : 'usage: upload <key>  (quote keys with spaces)',
    );
  }
  if (!needsArgument && rest.length > 0) {
    throw new QueryUsageError(
      `unexpected argument "${rest[0]}" (filters are flags, e.g. --topic ${rest[0]})`,
    );
  }
  if (options.endpoint !== undefined && options.outputs !== undefined) {
    throw new QueryUsageError('give --endpoint or --outputs, not both');
  }
  if (what === 'failures' && params.cursor !== undefined && params.status === undefined) {
    throw new QueryUsageError('--cursor needs --status (a cursor belongs to one list)');
  }
  return {
    what,
    ...(what === 'article' ? { id: rest[0] } : {}),
    ...(what === 'upload' ? { key: rest[0] } : {}),
    params,
    json: flags.has('json'),
    help,
    endpoint: options.endpoint,
    outputs: options.outputs,
    stack: options.stack ?? 'NewsIngestStack',
    apiKey: options['api-key'],
    region: options.region,
  };
}

/**
 * The API requests a command makes (path and query, relative to the API
 * root): one, or two for `failures` without `--status`.
 */
export function apiRequests(command: QueryCommand): string[] {
  const withQuery = (path: string, params: Record<string, string>) => {
    const query = new URLSearchParams(params).toString();
    return query ? `${path}?${query}` : path;
  };
  switch (command.what) {
    case 'articles':
      return [withQuery('/api/articles', { ...command.params })];
    case 'article':
      return [withQuery(`/api/articles/${encodeURIComponent(command.id ?? '')}`, { ...command.params })];
    case 'counts':
      return [withQuery('/api/counts', { ...command.params })];
    case 'upload':
      return [withQuery('/api/uploads', { ...command.params, key: command.key ?? '' })];
    case 'failures':
      return command.params.status !== undefined
        ? [withQuery('/api/failures', { ...command.params })]
        : ['REJECTED', 'FAILED'].map((status) => withQuery('/api/failures', { ...command.params, status }));
    case 'meta':
      return [withQuery('/api/meta', { ...command.params })];
  }
}
