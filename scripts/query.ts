/**
 * Ask the query API from the terminal, locally or against a deployed stack.
 *
 *   npm run query -- articles --topic politics --from 2024-01 --to 2024-03
 *   npm run query -- counts --breakdown stance --granularity month --from 2024-01 --to 2024-06
 *   npm run query -- article <id>
 *   npm run query -- upload 'incoming/rt.de/story.txt'
 *   npm run query -- failures --status REJECTED
 *   npm run query -- meta --outputs cdk-outputs.json
 *
 * A readable table by default, `--json` for the raw response. Exit codes:
 * 0 ok, 1 the request failed (reason on stderr), 2 usage error.
 */
import { readFileSync } from 'node:fs';
import {
  apiRequests,
  parseQueryArgs,
  QUERY_USAGE,
  type QueryCommand,
  QueryUsageError,
} from './lib/query-args';
import {
  getJson,
  type QueryClientOptions,
  QueryRequestError,
  QueryTargetError,
  resolveTarget,
} from './lib/query-client';
import {
  formatArticle,
  formatArticles,
  formatCounts,
  formatFailures,
  formatMeta,
  formatUpload,
  mergeFailurePages,
} from './lib/query-format';

export interface QueryIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Terminal width for tables. */
  readonly width: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readFile: (file: string) => string;
  readonly client?: QueryClientOptions;
}

const processIo = (): QueryIo => ({
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  width: process.stdout.columns || Number(process.env.COLUMNS) || 120,
  env: process.env,
  readFile: (file) => readFileSync(file, 'utf8'),
});

// biome-ignore lint/suspicious/noExplicitAny: API responses are printed as they come.
type Json = any;

export function render(command: QueryCommand, responses: readonly Json[], width: number): string {
  const [first] = responses;
  if (command.json) {
    const body = command.what === 'failures' && responses.length > 1 ? mergeFailurePages(responses) : first;
    return JSON.stringify(body, null, 2);
  }
  switch (command.what) {
    case 'articles':
      return formatArticles(first, width);
    case 'article':
      return formatArticle(first, width);
    case 'counts':
      return formatCounts(first, width);
    case 'upload':
      return formatUpload(first);
    case 'failures':
      return formatFailures(responses.length > 1 ? mergeFailurePages(responses) : first, width);
    case 'meta':
      return formatMeta(first, width);
  }
}

export async function runQuery(argv: readonly string[], io: QueryIo = processIo()): Promise<number> {
  let command: QueryCommand;
  try {
    command = parseQueryArgs(argv);
  } catch (error) {
    if (!(error instanceof QueryUsageError)) throw error;
    io.err(`query: ${error.message}\n\n${QUERY_USAGE}\n`);
    return 2;
  }
  if (command.help) {
    io.out(`${QUERY_USAGE}\n`);
    return 0;
  }
  try {
    const target = resolveTarget(command, io.env, io.readFile);
    const responses: Json[] = [];
    for (const request of apiRequests(command)) responses.push(await getJson(target, request, io.client));
    io.out(`${render(command, responses, io.width)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof QueryTargetError || error instanceof QueryRequestError) {
      io.err(`query: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  runQuery(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `query: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
