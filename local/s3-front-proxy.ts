/**
 * The public local S3 endpoint: a small HTTP proxy in front of s3rver.
 *
 * It decodes `aws-chunked` uploads (the default of AWS CLI v2 and SDK v3) so
 * that s3rver stores the bytes exactly as sent, refuses uploads it cannot
 * decode with an S3-style XML error that names the fix, and reports each
 * access key it sees so that any credentials are accepted.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AwsChunkedDecodingError,
  decodeAwsChunked,
  decodedRequestHeaders,
  isAwsChunked,
  verifyDecodedBody,
} from './aws-chunked';

export interface S3FrontProxyOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly targetHost: string;
  readonly targetPort: number;
  /** Called with the access key id of every signed request, before it is forwarded. */
  readonly onAccessKey?: (accessKeyId: string) => void;
  /** Largest aws-chunked body decoded in memory. @default 1 GiB */
  readonly maxChunkedBytes?: number;
}

export interface RunningS3FrontProxy {
  readonly port: number;
  close(): Promise<void>;
}

export const startS3FrontProxy = async (options: S3FrontProxyOptions): Promise<RunningS3FrontProxy> => {
  const agent = new http.Agent({ keepAlive: true });
  const maxChunkedBytes = options.maxChunkedBytes ?? 1024 ** 3;

  const forward = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    headers: http.IncomingHttpHeaders,
    body?: Buffer,
  ): void => {
    // The client's `Expect: 100-continue` was answered by this server already.
    const { expect: _expect, ...forwarded } = headers;
    const upstream = http.request(
      {
        host: options.targetHost,
        port: options.targetPort,
        method: req.method,
        path: req.url,
        headers: forwarded,
        agent,
      },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstream.on('error', (error) => sendError(res, 500, 'InternalError', error.message));
    if (body) upstream.end(body);
    else req.pipe(upstream);
  };

  const server = http.createServer((req, res) => {
    const accessKeyId = accessKeyOf(req);
    if (accessKeyId) options.onAccessKey?.(accessKeyId);
    if (!isAwsChunked(req.headers)) {
      forward(req, res, req.headers);
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxChunkedBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', (error) => sendError(res, 400, 'IncompleteBody', error.message));
    req.on('end', () => {
      if (tooLarge) {
        sendError(
          res,
          400,
          'EntityTooLarge',
          `The local S3 endpoint decodes aws-chunked uploads up to ${maxChunkedBytes} bytes; use a multipart upload.`,
        );
        return;
      }
      try {
        const decoded = decodeAwsChunked(Buffer.concat(chunks));
        verifyDecodedBody(decoded, req.headers);
        forward(req, res, decodedRequestHeaders(req.headers, decoded), decoded.body);
      } catch (error) {
        if (error instanceof AwsChunkedDecodingError) sendError(res, 400, error.code, error.message);
        else sendError(res, 500, 'InternalError', String(error));
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

const accessKeyOf = (req: http.IncomingMessage): string | undefined => {
  const authorization = req.headers.authorization ?? '';
  const header = /Credential=([^/,\s]+)/.exec(authorization) ?? /^AWS ([^:]+):/.exec(authorization);
  if (header?.[1]) return header[1];
  const query = new URL(req.url ?? '/', 'http://local').searchParams;
  return query.get('X-Amz-Credential')?.split('/')[0] ?? query.get('AWSAccessKeyId') ?? undefined;
};

const escapeXml = (text: string): string => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

const sendError = (res: http.ServerResponse, status: number, code: string, message: string): void => {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message>` +
    `<RequestId>${randomUUID()}</RequestId></Error>`;
  res.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
    connection: 'close',
  });
  res.end(body);
};
