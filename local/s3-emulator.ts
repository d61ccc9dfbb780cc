/**
 * The local S3 endpoint: s3rver on an internal loopback port, behind the
 * front proxy on the public port. Objects live under `<directory>`.
 */
import S3rver from 's3rver';
import AWSAccount from 's3rver/lib/models/account';
import type { S3rverEvent } from './s3-event-normaliser';
import { startS3FrontProxy } from './s3-front-proxy';

export interface S3EmulatorOptions {
  readonly directory: string;
  /** Public port; 0 picks a free one. */
  readonly port: number;
  readonly host?: string;
  /** Buckets created at start (kept if they already exist). */
  readonly buckets: readonly string[];
  readonly onEvent: (event: S3rverEvent) => void;
}

export interface RunningS3Emulator {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

export const startS3Emulator = async (options: S3EmulatorOptions): Promise<RunningS3Emulator> => {
  const host = options.host ?? '127.0.0.1';
  const s3rver = new S3rver({
    address: host,
    port: 0,
    silent: true,
    // Any credentials are accepted locally (SigV4 is never verified; this covers SigV2 too).
    allowMismatchedSignatures: true,
    directory: options.directory,
    // Requests reach s3rver through the proxy with the client's Host header (127.0.0.1 / localhost),
    // so path-style addressing applies.
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  s3rver.on('event', (event: S3rverEvent) => options.onEvent(event));
  const internal = await s3rver.run();
  try {
    const proxy = await startS3FrontProxy({
      host,
      port: options.port,
      targetHost: host,
      targetPort: internal.port,
      // s3rver does not verify SigV4 signatures but looks up the access key: accept any.
      onAccessKey: (accessKeyId) => {
        if (!AWSAccount.registry.has(accessKeyId)) {
          AWSAccount.DUMMY_ACCOUNT.createKeyPair(accessKeyId, accessKeyId);
        }
      },
    });
    return {
      endpoint: `http://${host}:${proxy.port}`,
      port: proxy.port,
      stop: async () => {
        await proxy.close();
        await s3rver.close();
      },
    };
  } catch (error) {
    await s3rver.close();
    throw error;
  }
};
