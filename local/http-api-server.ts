/**
 * Local mode's HTTP front door: a node:http server on loopback that turns
 * each request under `/api/` into the event API Gateway HTTP API hands to
 * Lambda (payload format 2.0), calls the same handler the stack deploys, and
 * writes its result back. Other paths serve the dashboard's static files.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { PortInUseError } from './ports';

export type HttpApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

export interface HttpApiServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  readonly handler: HttpApiHandler;
  /** Files served for paths outside `/api/` (`/` is `index.html`). @default none: such paths are 404 */
  readonly staticDir?: string;
  /**
   * Route keys as the HTTP API declares them (`GET /api/articles/{articleId}`): a request that matches
   * one gets it as `routeKey` with its `pathParameters`, like on AWS. Others get `$default`.
   * @default []
   */
  readonly routeKeys?: readonly string[];
  /** Variable named in the error when the port is taken. @default 'LOCAL_HTTP_PORT' */
  readonly portVariable?: string;
  /**
   * Local-only operations outside the API, keyed by `METHOD /path` (e.g. `POST /local/redrive`):
   * each answers with the JSON its function returns.
   * @default {}
   */
  readonly localRoutes?: Readonly<Record<string, () => Promise<unknown> | unknown>>;
  /** Called when the handler throws (the client gets a 500). @default writes to stderr */
  readonly onError?: (error: unknown) => void;
}

export interface RunningHttpApiServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

const API_PREFIX = '/api';

export const startHttpApiServer = async (options: HttpApiServerOptions): Promise<RunningHttpApiServer> => {
  const host = options.host ?? '127.0.0.1';
  const onError =
    options.onError ?? ((error) => process.stderr.write(`Query API handler failed: ${String(error)}\n`));
  const server = http.createServer((req, res) => {
    const target = new URL(req.url ?? '/', 'http://localhost');
    const isApi = target.pathname === API_PREFIX || target.pathname.startsWith(`${API_PREFIX}/`);
    const local = options.localRoutes?.[`${req.method} ${target.pathname}`];
    const done = local
      ? Promise.resolve(local()).then((result) => sendJson(res, 200, result))
      : isApi
        ? serveApi(req, res, options, onError)
        : options.staticDir
          ? serveStatic(req, res, options.staticDir, target.pathname)
          : Promise.resolve(sendText(res, 404, 'Not found'));
    done.catch((error: unknown) => {
      onError(error);
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
    });
  });
  // Keep-alive sockets would hold close() open; connections are short-lived locally.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES'
          ? new PortInUseError(options.port, options.portVariable ?? 'LOCAL_HTTP_PORT')
          : error,
      ),
    );
    server.listen(options.port, host, () => {
      server.removeAllListeners('error');
      server.on('error', onError);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
};

async function serveApi(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  options: HttpApiServerOptions,
  onError: (error: unknown) => void,
): Promise<void> {
  const body = await readBody(req);
  const event = toHttpApiEvent(req, body, options.routeKeys ?? []);
  let result: APIGatewayProxyResultV2;
  try {
    result = await options.handler(event, lambdaContext());
  } catch (error) {
    onError(error);
    sendJson(res, 500, { message: 'Internal Server Error' });
    return;
  }
  writeResult(res, result);
}

/** The payload 2.0 event API Gateway would build for this request. */
export function toHttpApiEvent(
  req: Pick<http.IncomingMessage, 'method' | 'url' | 'headers' | 'httpVersion' | 'socket'>,
  body: Buffer,
  routeKeys: readonly string[],
): APIGatewayProxyEventV2 {
  const method = (req.method ?? 'GET').toUpperCase();
  const rawUrl = req.url ?? '/';
  const queryAt = rawUrl.indexOf('?');
  const rawPath = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
  const rawQueryString = queryAt === -1 ? '' : rawUrl.slice(queryAt + 1);

  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (lower === 'cookie') {
      cookies.push(...String(value).split(/;\s*/).filter(Boolean));
      continue;
    }
    headers[lower] = Array.isArray(value) ? value.join(',') : value;
  }

  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    query[name] = name in query ? `${query[name]},${value}` : value;
  }

  const matched = matchRouteKeys(routeKeys, method, rawPath);
  const routeKey = matched?.routeKey ?? '$default';
  const now = new Date();
  const sourceIp = req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
  const hostHeader = headers.host ?? 'localhost';
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(matched && Object.keys(matched.pathParameters).length > 0
      ? { pathParameters: matched.pathParameters }
      : {}),
    requestContext: {
      accountId: 'offline',
      apiId: 'local',
      domainName: hostHeader,
      domainPrefix: hostHeader.split('.')[0] ?? hostHeader,
      http: {
        method,
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: formatRequestTime(now),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: body.toString('utf8') } : {}),
    isBase64Encoded: false,
  };
}

/** The first route key (`GET /api/articles/{articleId}`, `ANY /x/{proxy+}`) a request matches. */
export function matchRouteKeys(
  routeKeys: readonly string[],
  method: string,
  rawPath: string,
): { routeKey: string; pathParameters: Record<string, string> } | undefined {
  const got = rawPath.split('/');
  for (const routeKey of routeKeys) {
    const [routeMethod = '', template = ''] = routeKey.split(' ');
    if (routeMethod !== 'ANY' && routeMethod !== method) continue;
    const want = template.split('/');
    const pathParameters: Record<string, string> = {};
    let matches = true;
    for (const [i, part] of want.entries()) {
      const greedy = /^\{(\w+)\+\}$/.exec(part)?.[1];
      if (greedy && i === want.length - 1) {
        const rest = got.slice(i).join('/');
        if (!rest) matches = false;
        else pathParameters[greedy] = safeDecode(rest);
        break;
      }
      const actual = got[i];
      const param = /^\{(\w+)\}$/.exec(part)?.[1];
      if (actual === undefined || (param ? actual === '' : part !== actual)) {
        matches = false;
        break;
      }
      if (param) pathParameters[param] = safeDecode(actual);
      if (i === want.length - 1 && got.length !== want.length) matches = false;
    }
    if (matches) return { routeKey, pathParameters };
  }
  return undefined;
}

function writeResult(res: http.ServerResponse, result: APIGatewayProxyResultV2): void {
  // Payload 2.0: a result without statusCode is a JSON body with status 200.
  if (
    typeof result === 'string' ||
    result === null ||
    typeof result !== 'object' ||
    !('statusCode' in result)
  ) {
    sendJson(res, 200, result);
    return;
  }
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body =
    result.body === undefined
      ? Buffer.alloc(0)
      : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  if (headers['content-type'] === undefined && body.length > 0) {
    headers['content-type'] = 'application/json';
  }
  headers['content-length'] = body.length;
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(body);
}

async function serveStatic(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  staticDir: string,
  pathname: string,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'Method not allowed', { allow: 'GET, HEAD' });
    return;
  }
  const file = await resolveStaticFile(staticDir, pathname);
  if (!file) {
    sendText(res, 404, 'Not found');
    return;
  }
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(file.path).toLowerCase()] ?? 'application/octet-stream',
    'content-length': file.size,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    createReadStream(file.path).on('error', reject).pipe(res).on('finish', resolve).on('error', reject);
  });
}

/**
 * The file a URL path names inside `staticDir`, or undefined. Never a file
 * outside it: `..`, encoded separators and NUL bytes are refused. A directory
 * serves its `index.html`.
 */
export async function resolveStaticFile(
  staticDir: string,
  pathname: string,
): Promise<{ path: string; size: number } | undefined> {
  const decoded = tryDecode(pathname);
  if (decoded === undefined || decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) return undefined;
  const root = path.resolve(staticDir);
  let candidate = path.resolve(root, ...segments);
  if (candidate !== root && !candidate.startsWith(`${root}${path.sep}`)) return undefined;
  try {
    let info = await stat(candidate);
    if (info.isDirectory()) {
      candidate = path.join(candidate, 'index.html');
      info = await stat(candidate);
    }
    return info.isFile() ? { path: candidate, size: info.size } : undefined;
  } catch {
    return undefined;
  }
}

/** The decoded text, or undefined when the percent-encoding is broken. */
function tryDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

const safeDecode = (value: string): string => tryDecode(value) ?? value;

const readBody = (req: http.IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendText(
  res: http.ServerResponse,
  status: number,
  text: string,
  extra: http.OutgoingHttpHeaders = {},
): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...extra,
  });
  res.end(text);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `requestContext.time` as API Gateway writes it: `12/Mar/2024:19:03:58 +0000`. */
function formatRequestTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

function lambdaContext(): Context {
  const started = Date.now();
  const fail = () => {
    throw new Error('The local HTTP API does not support callback-style handlers');
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'local-query-api',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:local-query-api',
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/local-query-api',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, 30_000 - (Date.now() - started)),
    done: fail,
    fail,
    succeed: fail,
  };
}
