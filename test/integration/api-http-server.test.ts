/**
 * The local HTTP API server over real HTTP: the event it builds matches what
 * API Gateway HTTP API (payload 2.0) hands to Lambda, the handler's result is
 * written back as is, and static files are served without escaping their
 * directory.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  type HttpApiHandler,
  type RunningHttpApiServer,
  startHttpApiServer,
} from '../../local/http-api-server';

let dir: string;
let staticDir: string;
let server: RunningHttpApiServer;
const events: APIGatewayProxyEventV2[] = [];
const errors: unknown[] = [];

const echo: HttpApiHandler = async (event) => {
  events.push(event);
  if (event.rawPath === '/api/throw') throw new Error('handler blew up');
  if (event.rawPath === '/api/plain') return { hello: 'world' } as never;
  return {
    statusCode: event.rawPath === '/api/missing' ? 404 : 200,
    headers: { 'content-type': 'application/json; charset=utf-8', 'X-Custom': 'yes' },
    body: JSON.stringify({ seen: event.rawPath }),
  };
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'http-api-'));
  staticDir = path.join(dir, 'site');
  mkdirSync(path.join(staticDir, 'js'), { recursive: true });
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Dashboard</title>');
  writeFileSync(path.join(staticDir, 'js', 'app.js'), 'console.log("app")');
  writeFileSync(path.join(staticDir, 'style.css'), 'body{}');
  writeFileSync(path.join(staticDir, 'logo.svg'), '<svg/>');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside the static directory');
  server = await startHttpApiServer({
    port: 0,
    handler: echo,
    staticDir,
    routeKeys: ['GET /api/articles/{articleId}', 'GET /api/articles'],
    onError: (e) => errors.push(e),
  });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw GET, so paths like `/../x` reach the server unnormalised. */
const rawGet = (rawPath: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: server.port, path: rawPath }, (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });

describe('local HTTP API server', () => {
  it('listens on loopback on a free port', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('hands the handler a payload 2.0 event like API Gateway builds', async () => {
    const res = await fetch(`${server.url}api/articles?topic=politics&from=2024-01&tag=a&tag=b%20c`, {
      headers: { 'X-Trace-Id': 'abc', cookie: 'a=1; b=2' },
    });
    expect(res.status).toBe(200);
    const event = events.at(-1) as APIGatewayProxyEventV2;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /api/articles',
      rawPath: '/api/articles',
      rawQueryString: 'topic=politics&from=2024-01&tag=a&tag=b%20c',
      queryStringParameters: { topic: 'politics', from: '2024-01', tag: 'a,b c' },
      cookies: ['a=1', 'b=2'],
      isBase64Encoded: false,
      requestContext: {
        routeKey: 'GET /api/articles',
        stage: '$default',
        http: { method: 'GET', path: '/api/articles', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
      },
    });
    expect(event.headers['x-trace-id']).toBe('abc');
    expect(event.headers.host).toBe(`127.0.0.1:${server.port}`);
    expect(event.requestContext.http.userAgent).toBe(event.headers['user-agent']);
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(event.pathParameters).toBeUndefined();
  });

  it('fills path parameters, decoded, for a declared route', async () => {
    await fetch(`${server.url}api/articles/abc%2Ddef`);
    const event = events.at(-1) as APIGatewayProxyEventV2;
    expect(event.routeKey).toBe('GET /api/articles/{articleId}');
    expect(event.pathParameters).toEqual({ articleId: 'abc-def' });
    expect(event.rawPath).toBe('/api/articles/abc%2Ddef');
  });

  it('uses the $default route for other API paths and passes the body', async () => {
    await fetch(`${server.url}api/other`, { method: 'POST', body: '{"x":1}' });
    const event = events.at(-1) as APIGatewayProxyEventV2;
    expect(event.routeKey).toBe('$default');
    expect(event.requestContext.http.method).toBe('POST');
    expect(event.body).toBe('{"x":1}');
    expect(event.queryStringParameters).toBeUndefined();
  });

  it("writes the handler's status, headers and body", async () => {
    const res = await fetch(`${server.url}api/missing`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('x-custom')).toBe('yes');
    expect(await res.json()).toEqual({ seen: '/api/missing' });
  });

  it('treats a result without statusCode as a JSON body, like API Gateway', async () => {
    const res = await fetch(`${server.url}api/plain`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ hello: 'world' });
  });

  it('answers 500 when the handler throws, and reports the error', async () => {
    const res = await fetch(`${server.url}api/throw`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ message: 'Internal Server Error' });
    expect(String(errors.at(-1))).toContain('handler blew up');
  });

  it.each([
    ['/', 'text/html; charset=utf-8', 'Dashboard'],
    ['/index.html', 'text/html; charset=utf-8', 'Dashboard'],
    ['/js/app.js', 'text/javascript; charset=utf-8', 'console.log'],
    ['/style.css', 'text/css; charset=utf-8', 'body{}'],
    ['/logo.svg', 'image/svg+xml', '<svg/>'],
  ])('serves the static file %s as %s', async (urlPath, type, content) => {
    const res = await fetch(`http://127.0.0.1:${server.port}${urlPath}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(await res.text()).toContain(content);
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/js/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/nothing.html',
  ])('refuses %s with 404', async (rawPath) => {
    const res = await rawGet(rawPath);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('outside the static directory');
  });

  it('names LOCAL_HTTP_PORT when the port is taken', async () => {
    await expect(startHttpApiServer({ port: server.port, handler: echo })).rejects.toThrow(
      `Port ${server.port} is already in use. Stop whatever uses it, or choose another port with LOCAL_HTTP_PORT=<port>.`,
    );
  });

  it('answers 404 outside /api/ when there is no static directory', async () => {
    const bare = await startHttpApiServer({ port: 0, handler: echo });
    try {
      expect((await fetch(bare.url)).status).toBe(404);
      expect((await fetch(`${bare.url}api/articles`)).status).toBe(200);
    } finally {
      await bare.close();
    }
  });
});
