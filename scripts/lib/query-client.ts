/**
 * Where `npm run query` sends its requests and how: the local API on
 * loopback as is, a deployed API signed with SigV4 (service `execute-api`,
 * default credential chain) or with an API key. Errors say what to do.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { SignatureV4 } from '@smithy/signature-v4';

type Credentials = ConstructorParameters<typeof SignatureV4>[0]['credentials'];

export const DEFAULT_LOCAL_PORT = 3000;
const DEFAULT_STACK = 'NewsIngestStack';

export class QueryTargetError extends Error {
  override readonly name = 'QueryTargetError';
}

/** The API could not be reached, or answered with an error status. */
export class QueryRequestError extends Error {
  override readonly name = 'QueryRequestError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export type Auth =
  | { readonly kind: 'none' }
  | { readonly kind: 'api-key'; readonly apiKey: string }
  | { readonly kind: 'sigv4'; readonly region: string };

export interface QueryTarget {
  /** The API root: requests go to `${base}/api/...`. No trailing slash. */
  readonly base: string;
  readonly auth: Auth;
}

export interface TargetInput {
  readonly endpoint?: string;
  readonly outputs?: string;
  readonly stack?: string;
  readonly apiKey?: string;
  readonly region?: string;
}

/** Reads the API URL from a `cdk deploy --outputs-file` file: `{ "<stack>": { "ApiUrl": "https://…" } }`. */
export function apiUrlFromOutputs(outputsJson: string, file: string, stack = DEFAULT_STACK): string {
  let outputs: unknown;
  try {
    outputs = JSON.parse(outputsJson);
  } catch {
    throw new QueryTargetError(`${file} is not JSON; write it with \`cdk deploy --outputs-file ${file}\``);
  }
  const stacks = (typeof outputs === 'object' && outputs !== null ? outputs : {}) as Record<
    string,
    Record<string, unknown>
  >;
  const url = stacks[stack]?.ApiUrl;
  if (typeof url === 'string' && url) return url;
  const withUrl = Object.entries(stacks).filter(([, o]) => typeof o?.ApiUrl === 'string');
  if (stacks[stack] === undefined && withUrl.length === 1) return withUrl[0]?.[1].ApiUrl as string;
  throw new QueryTargetError(
    `${file} has no ${stack}.ApiUrl output` +
      (withUrl.length > 0
        ? ` (stacks with one: ${withUrl.map(([s]) => s).join(', ')}; choose with --stack)`
        : '') +
      '. Deploy the stack with the query API and `--outputs-file`, or pass --endpoint.',
  );
}

export const isLoopback = (hostname: string): boolean =>
  hostname === 'localhost' ||
  hostname === '[::1]' ||
  hostname === '::1' ||
  /^127\.\d+\.\d+\.\d+$/.test(hostname);

/** The region an execute-api URL names (`abc.execute-api.eu-central-1.amazonaws.com`), if any. */
export const regionFromUrl = (url: URL): string | undefined =>
  /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(url.hostname)?.[1];

/**
 * The target of a command: `--endpoint`, else the outputs file's URL, else
 * the local API. Non-loopback targets are signed unless an API key is given.
 */
export function resolveTarget(
  input: TargetInput,
  env: Readonly<Record<string, string | undefined>>,
  readFile: (file: string) => string,
): QueryTarget {
  let raw: string;
  if (input.endpoint !== undefined) raw = input.endpoint;
  else if (input.outputs !== undefined) {
    let text: string;
    try {
      text = readFile(input.outputs);
    } catch (error) {
      throw new QueryTargetError(`cannot read ${input.outputs}: ${(error as Error).message}`);
    }
    raw = apiUrlFromOutputs(text, input.outputs, input.stack);
  } else raw = `http://127.0.0.1:${env.LOCAL_HTTP_PORT || DEFAULT_LOCAL_PORT}`;

  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new QueryTargetError(`"${raw}" is not a URL (expected e.g. http://127.0.0.1:3000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new QueryTargetError(`"${raw}" is not an http(s) URL`);
  }
  // Accept the API root with or without the `/api` every route starts with.
  const base = `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/api$/, '')}`;
  if (input.apiKey !== undefined) return { base, auth: { kind: 'api-key', apiKey: input.apiKey } };
  if (isLoopback(url.hostname)) return { base, auth: { kind: 'none' } };
  const region = input.region ?? regionFromUrl(url) ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new QueryTargetError(`cannot tell the AWS region of ${url.host}; pass --region or set AWS_REGION`);
  }
  return { base, auth: { kind: 'sigv4', region } };
}

/** SigV4 headers for a GET on `url` (service execute-api). */
export async function signedHeaders(
  url: URL,
  region: string,
  credentials: Credentials,
  signingDate?: Date,
): Promise<Record<string, string>> {
  const signer = new SignatureV4({ service: 'execute-api', region, credentials, sha256: Sha256 });
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) {
    const known = query[name];
    query[name] = known === undefined ? value : [...(Array.isArray(known) ? known : [known]), value];
  }
  const signed = await signer.sign(
    {
      method: 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query,
      headers: { host: url.host, accept: 'application/json' },
    },
    signingDate ? { signingDate } : {},
  );
  return signed.headers;
}

export interface QueryClientOptions {
  readonly fetch?: typeof fetch;
  readonly credentials?: Credentials;
}

/** GETs `pathAndQuery` (e.g. `/api/meta`) from the target and returns the parsed JSON body. */
export async function getJson(
  target: QueryTarget,
  pathAndQuery: string,
  options: QueryClientOptions = {},
): Promise<unknown> {
  const url = new URL(`${target.base}${pathAndQuery}`);
  let headers: Record<string, string> = { accept: 'application/json' };
  if (target.auth.kind === 'api-key') headers['x-api-key'] = target.auth.apiKey;
  if (target.auth.kind === 'sigv4') {
    const credentials = options.credentials ?? fromNodeProviderChain();
    try {
      headers = await signedHeaders(url, target.auth.region, credentials);
    } catch (error) {
      throw new QueryRequestError(
        `no AWS credentials to sign the request (${(error as Error).message}). ` +
          'Configure credentials (AWS_PROFILE, `aws configure`, SSO) or pass --api-key.',
      );
    }
    delete headers.host; // fetch sets Host from the URL; it is the signed value.
  }
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { headers });
  } catch (error) {
    throw connectionError(url, error);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (response.ok) {
    if (body === undefined)
      throw new QueryRequestError(`${url.host} answered ${response.status} without JSON`, response.status);
    return body;
  }
  throw httpError(url, target, response.status, body, text);
}

function connectionError(url: URL, error: unknown): QueryRequestError {
  // undici puts the socket error in `cause`; for a name with several addresses, in `cause.errors`.
  const cause = (error as { cause?: { code?: string; errors?: { code?: string }[] } }).cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code ?? (error as { code?: string }).code;
  if (code === 'ECONNREFUSED' && isLoopback(url.hostname)) {
    return new QueryRequestError(
      `nothing is listening on ${url.host}: is \`npm start\` running? (Or pass --endpoint / --outputs for a deployed stack.)`,
    );
  }
  if (code === 'ENOTFOUND')
    return new QueryRequestError(`cannot resolve ${url.hostname}: check the endpoint URL`);
  return new QueryRequestError(`cannot reach ${url.host}: ${code ?? (error as Error).message}`);
}

function httpError(
  url: URL,
  target: QueryTarget,
  status: number,
  body: unknown,
  text: string,
): QueryRequestError {
  const apiMessage =
    typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string'
      ? (body as { message: string }).message
      : text.slice(0, 300);
  if (status === 403 || status === 401) {
    const hint =
      target.auth.kind === 'sigv4'
        ? 'check your AWS credentials / IAM: the caller needs execute-api:Invoke on this API, and the region must match'
        : target.auth.kind === 'api-key'
          ? 'check the API key'
          : 'the API refused the request';
    return new QueryRequestError(
      `access denied (${status}) by ${url.host}: ${hint}. ${apiMessage}`.trim(),
      status,
    );
  }
  return new QueryRequestError(`${status}: ${apiMessage}`, status);
}
