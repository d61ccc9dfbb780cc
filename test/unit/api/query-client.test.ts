import {
  apiUrlFromOutputs,
  getJson,
  QueryRequestError,
  QueryTargetError,
  resolveTarget,
  signedHeaders,
} from '../../../scripts/lib/query-client';

const noFile = () => {
  throw new Error('ENOENT');
};

describe('query target', () => {
  it('defaults to the local API on LOCAL_HTTP_PORT or 3000, unsigned', () => {
    expect(resolveTarget({}, {}, noFile)).toEqual({ base: 'http://127.0.0.1:3000', auth: { kind: 'none' } });
    expect(resolveTarget({}, { LOCAL_HTTP_PORT: '4100' }, noFile).base).toBe('http://127.0.0.1:4100');
  });

  it('signs requests to a deployed API in the region its URL names', () => {
    const target = resolveTarget(
      { endpoint: 'https://abc123.execute-api.eu-central-1.amazonaws.com/' },
      { AWS_REGION: 'us-east-1' },
      noFile,
    );
    expect(target).toEqual({
      base: 'https://abc123.execute-api.eu-central-1.amazonaws.com',
      auth: { kind: 'sigv4', region: 'eu-central-1' },
    });
  });

  it('accepts the API root with /api and a stage path', () => {
    expect(resolveTarget({ endpoint: 'http://localhost:3000/api/' }, {}, noFile).base).toBe(
      'http://localhost:3000',
    );
    expect(
      resolveTarget({ endpoint: 'https://api.example.org/prod', region: 'eu-west-1' }, {}, noFile),
    ).toEqual({
      base: 'https://api.example.org/prod',
      auth: { kind: 'sigv4', region: 'eu-west-1' },
    });
  });

  it('uses the API key instead of signing when given one', () => {
    expect(resolveTarget({ endpoint: 'https://api.example.org', apiKey: 'k' }, {}, noFile).auth).toEqual({
      kind: 'api-key',
      apiKey: 'k',
    });
  });

  it('needs a region for a custom domain', () => {
    expect(() => resolveTarget({ endpoint: 'https://api.example.org' }, {}, noFile)).toThrow(
      /--region or set AWS_REGION/,
    );
  });

  it('reads the API URL from the cdk outputs file', () => {
    const outputs = JSON.stringify({
      NewsIngestStack: { ApiUrl: 'https://x.execute-api.eu-west-1.amazonaws.com/' },
    });
    const target = resolveTarget({ outputs: 'cdk-outputs.json' }, {}, () => outputs);
    expect(target.base).toBe('https://x.execute-api.eu-west-1.amazonaws.com');
    expect(() => apiUrlFromOutputs('{"Other":{}}', 'o.json')).toThrow(/no NewsIngestStack.ApiUrl/);
    expect(() => apiUrlFromOutputs('nope', 'o.json')).toThrow(QueryTargetError);
    expect(() => resolveTarget({ outputs: 'missing.json' }, {}, noFile)).toThrow(/cannot read missing.json/);
  });
});

describe('SigV4 signing', () => {
  it('signs for execute-api in the region, over the host and the query', async () => {
    const headers = await signedHeaders(
      new URL('https://abc123.execute-api.eu-central-1.amazonaws.com/api/articles?topic=politics&limit=5'),
      'eu-central-1',
      { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' },
      new Date('2024-03-01T12:00:00Z'),
    );
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20240301\/eu-central-1\/execute-api\/aws4_request, SignedHeaders=accept;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
    expect(headers['x-amz-date']).toBe('20240301T120000Z');
    expect(headers['x-amz-security-token']).toBe('token');
  });

  it('sends the signature and leaves Host to fetch', async () => {
    const seen: Record<string, string>[] = [];
    const fakeFetch = (async (_url: URL, init: { headers: Record<string, string> }) => {
      seen.push(init.headers);
      return new Response('{"ok":true}', { status: 200 });
    }) as unknown as typeof fetch;
    const body = await getJson(
      {
        base: 'https://abc.execute-api.eu-west-1.amazonaws.com',
        auth: { kind: 'sigv4', region: 'eu-west-1' },
      },
      '/api/meta',
      { fetch: fakeFetch, credentials: async () => ({ accessKeyId: 'A', secretAccessKey: 'S' }) },
    );
    expect(body).toEqual({ ok: true });
    expect(seen[0]?.authorization).toContain('/eu-west-1/execute-api/aws4_request');
    expect(seen[0]?.host).toBeUndefined();
  });
});

describe('request errors', () => {
  const answer = (status: number, body: unknown) =>
    (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;

  it('points at credentials and IAM on 403', async () => {
    const error = await getJson(
      {
        base: 'https://abc.execute-api.eu-west-1.amazonaws.com',
        auth: { kind: 'sigv4', region: 'eu-west-1' },
      },
      '/api/meta',
      {
        fetch: answer(403, { message: 'Forbidden' }),
        credentials: async () => ({ accessKeyId: 'A', secretAccessKey: 'S' }),
      },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryRequestError);
    expect((error as Error).message).toMatch(/credentials \/ IAM.*execute-api:Invoke/);
  });

  it('passes the API reason on 400', async () => {
    const error = await getJson({ base: 'http://127.0.0.1:1', auth: { kind: 'none' } }, '/api/articles', {
      fetch: answer(400, { error: 'BadRequest', message: 'Invalid request: give exactly one filter' }),
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('400: Invalid request: give exactly one filter');
  });

  it('asks whether npm start is running when nothing listens locally', async () => {
    const refused = (async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    }) as unknown as typeof fetch;
    const error = await getJson({ base: 'http://127.0.0.1:3000', auth: { kind: 'none' } }, '/api/meta', {
      fetch: refused,
    }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('is `npm start` running?');
  });
});
