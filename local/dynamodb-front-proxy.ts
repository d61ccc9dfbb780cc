/**
 * The public local DynamoDB endpoint: a small HTTP proxy on loopback in
 * front of DynamoDB Local (which binds every interface and cannot be told
 * otherwise). DynamoDB Local refuses access key ids that are not plain
 * letters and digits; the proxy rewrites the key id so that any credentials
 * work, as with the local S3 endpoint. Signatures are never verified locally.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DynamoDbFrontProxyOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly targetPort: number;
}

export interface RunningDynamoDbFrontProxy {
  readonly port: number;
  close(): Promise<void>;
}

/** The access key id DynamoDB Local sees for every request (with `-sharedDb` it selects nothing). */
const LOCAL_ACCESS_KEY_ID = 'local';

export const rewriteAccessKeyId = (authorization: string): string =>
  authorization.replace(/Credential=[^/,\s]*\//, `Credential=${LOCAL_ACCESS_KEY_ID}/`);

export const startDynamoDbFrontProxy = async (
  options: DynamoDbFrontProxyOptions,
): Promise<RunningDynamoDbFrontProxy> => {
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const headers = { ...req.headers };
    if (headers.authorization) headers.authorization = rewriteAccessKeyId(headers.authorization);
    const upstream = http.request(
      { host: '127.0.0.1', port: options.targetPort, method: req.method, path: req.url, headers, agent },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const body = JSON.stringify({
        __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
        message: `DynamoDB Local is not answering: ${error.message}`,
      });
      res.writeHead(500, {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
