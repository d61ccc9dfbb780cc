/**
 * The whole pipeline on one machine: the local S3 endpoint (s3rver behind
 * the aws-chunked-decoding proxy), DynamoDB Local, and a local queue that
 * routes normalised ObjectCreated events under the prefix into the SAME
 * ingest handler that runs in Lambda.
 *
 * One pipeline per process: the handler reads its configuration from the
 * environment once, at module load.
 */
import { mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { API_ROUTE_KEYS } from '../lambdas/api/api-routes';
import { ARTICLE_TABLE } from '../schema/article-table';
import { ensureTable, toCreateTableInput } from './article-table-setup';
import { type RunningDynamoDbLocal, startDynamoDbLocal } from './dynamodb-local';
import { type HttpApiHandler, startHttpApiServer } from './http-api-server';
import { type DeliveryReport, LocalQueue, type SqsBatchHandler } from './local-queue';
import { claimablePort, PortInUseError } from './ports';
import { type RunningS3Emulator, startS3Emulator } from './s3-emulator';
import { type S3rverEvent, SequencerGenerator, toS3EventNotification } from './s3-event-normaliser';

export const LOCAL_DEFAULTS = {
  s3Port: 4569,
  dynamoPort: 8000,
  bucket: 'news-drop',
  table: 'news-articles',
  prefix: 'incoming/',
  region: 'us-east-1',
  maxReceiveCount: 5,
} as const;

export interface LocalPipelineOptions {
  /** Root of all local data: `s3/`, `dynamodb/`, `dlq.jsonl`. */
  readonly dataDir: string;
  /** Wipe `dataDir` first. @default false */
  readonly reset?: boolean;
  /** 0 picks a free port. @default 4569 */
  readonly s3Port?: number;
  /** 0 picks a free port. @default 8000 */
  readonly dynamoPort?: number;
  /** @default 'news-drop' */
  readonly bucket?: string;
  /** @default 'news-articles' */
  readonly table?: string;
  /** @default 'incoming/' */
  readonly prefix?: string;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default 5 */
  readonly maxReceiveCount?: number;
  /** @default 200 */
  readonly batchWindowMs?: number;
  /** @default 1000 */
  readonly visibilityTimeoutMs?: number;
  /** Powertools log level of the handler, unless POWERTOOLS_LOG_LEVEL is set. @default 'WARN' */
  readonly logLevel?: string;
  readonly onDelivery?: (report: DeliveryReport) => void;
  /** Use this handler instead of the ingest handler (tests of the queue and emulators). */
  readonly handler?: SqsBatchHandler;
  /**
   * Serve the query API (the same handler as the deployed API) and `staticDir` on this port;
   * 0 picks a free port. @default no HTTP server
   */
  readonly httpPort?: number;
  /** Files served outside `/api/` by the HTTP server (the dashboard). */
  readonly staticDir?: string;
}

export interface LocalPipeline {
  readonly s3Endpoint: string;
  readonly dynamoEndpoint: string;
  readonly bucket: string;
  readonly table: string;
  readonly prefix: string;
  readonly region: string;
  readonly deadLetterPath: string;
  /** The ingest handler, loaded with the local environment. */
  readonly handler: SqsBatchHandler;
  readonly queue: LocalQueue;
  /** Base URL of the query API and dashboard, when `httpPort` was given. */
  readonly httpUrl?: string;
  /** Waits until every queued message has been handled or dead-lettered. */
  drain(timeoutMs?: number): Promise<void>;
  /** Stops the queue, the S3 endpoint and DynamoDB Local (no JVM left behind). */
  stop(): Promise<void>;
}

let handlerEnvironment: string | undefined;

/**
 * Sets the environment the handler and its adapters read at module load,
 * then loads the handler. Local mode always uses throwaway credentials, so
 * it can never touch a real account.
 */
const loadHandler = async (
  environment: Record<string, string>,
  logLevel: string,
  override: SqsBatchHandler | undefined,
): Promise<SqsBatchHandler> => {
  const fingerprint = JSON.stringify(environment);
  if (!override && handlerEnvironment !== undefined && handlerEnvironment !== fingerprint) {
    throw new Error('Only one local pipeline per process: the ingest handler reads its configuration once');
  }
  Object.assign(process.env, environment);
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  process.env.POWERTOOLS_SERVICE_NAME ??= 'news-ingest';
  process.env.POWERTOOLS_METRICS_NAMESPACE ??= 'NewsIngest';
  // Metrics have nowhere to go locally; their EMF lines would only clutter the output.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  process.env.POWERTOOLS_LOG_LEVEL ??= logLevel;
  if (override) return override;
  handlerEnvironment = fingerprint;
  const module = await import('../lambdas/ingest/handler');
  return module.handler as SqsBatchHandler;
};

export const startLocalPipeline = async (options: LocalPipelineOptions): Promise<LocalPipeline> => {
  const dataDir = path.resolve(options.dataDir);
  const bucket = options.bucket ?? LOCAL_DEFAULTS.bucket;
  const table = options.table ?? LOCAL_DEFAULTS.table;
  const prefix = options.prefix ?? LOCAL_DEFAULTS.prefix;
  const region = options.region ?? LOCAL_DEFAULTS.region;
  const maxReceiveCount = options.maxReceiveCount ?? LOCAL_DEFAULTS.maxReceiveCount;
  const deadLetterPath = path.join(dataDir, 'dlq.jsonl');

  if (options.reset) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(path.join(dataDir, 's3'), { recursive: true });
  mkdirSync(path.join(dataDir, 'dynamodb'), { recursive: true });

  // Events that arrive before the queue exists wait here (none should: nobody knows the endpoint yet).
  const sequencer = new SequencerGenerator();
  let queue: LocalQueue | undefined;
  const early: string[] = [];
  const onEvent = (event: S3rverEvent): void => {
    const notification = toS3EventNotification(event, { bucket, prefix, region }, sequencer);
    if (!notification) return;
    const body = JSON.stringify(notification);
    if (queue) queue.send(body);
    else early.push(body);
  };

  // Fail fast on a taken S3 port, before the JVM spends seconds starting.
  const s3Port = options.s3Port ?? LOCAL_DEFAULTS.s3Port;
  if (s3Port !== 0) await claimablePort(s3Port, '127.0.0.1', 'LOCAL_S3_PORT');

  const [dynamo, s3] = await startBoth(
    () =>
      startDynamoDbLocal({
        directory: path.join(dataDir, 'dynamodb'),
        port: options.dynamoPort ?? LOCAL_DEFAULTS.dynamoPort,
      }),
    () =>
      startS3Emulator({
        directory: path.join(dataDir, 's3'),
        port: s3Port,
        buckets: [bucket],
        onEvent,
      }).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EADDRINUSE' ? new PortInUseError(s3Port, 'LOCAL_S3_PORT') : error;
      }),
  );

  const stopEmulators = async (): Promise<void> => {
    await Promise.allSettled([s3.stop(), dynamo.stop()]);
  };

  try {
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      await ensureTable(client, toCreateTableInput(ARTICLE_TABLE, table));
    } finally {
      client.destroy();
    }

    const handler = await loadHandler(
      {
        TABLE_NAME: table,
        DROP_PREFIX: prefix,
        MAX_RECEIVE_COUNT: String(maxReceiveCount),
        AWS_REGION: region,
        AWS_DEFAULT_REGION: region,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        S3_FORCE_PATH_STYLE: 'true',
        DROP_BUCKET: bucket,
      },
      options.logLevel ?? 'WARN',
      options.handler,
    );

    const localQueue = new LocalQueue({
      handler,
      deadLetterPath,
      region,
      maxReceiveCount,
      ...(options.batchWindowMs !== undefined ? { batchWindowMs: options.batchWindowMs } : {}),
      ...(options.visibilityTimeoutMs !== undefined
        ? { visibilityTimeoutMs: options.visibilityTimeoutMs }
        : {}),
      ...(options.onDelivery ? { onDelivery: options.onDelivery } : {}),
    });
    queue = localQueue;
    for (const body of early.splice(0)) localQueue.send(body);

    const http =
      options.httpPort === undefined
        ? undefined
        : await startHttpApiServer({
            port: options.httpPort,
            handler: (await import('../lambdas/api/handler')).handler as HttpApiHandler,
            routeKeys: API_ROUTE_KEYS,
            staticDir: options.staticDir,
            localRoutes: { 'POST /local/redrive': () => ({ redriven: localQueue.redriveDeadLetters() }) },
          });

    let stopping: Promise<void> | undefined;
    return {
      s3Endpoint: s3.endpoint,
      dynamoEndpoint: dynamo.endpoint,
      bucket,
      table,
      prefix,
      region,
      deadLetterPath,
      handler,
      queue: localQueue,
      httpUrl: http?.url,
      drain: (timeoutMs) => localQueue.drain(timeoutMs),
      stop: () => {
        stopping ??= Promise.all([localQueue.stop(), http?.close()]).then(stopEmulators);
        return stopping;
      },
    };
  } catch (error) {
    await stopEmulators();
    throw error;
  }
};

/** Starts both emulators in parallel; if one fails, the other is stopped before the error surfaces. */
const startBoth = async (
  startDynamo: () => Promise<RunningDynamoDbLocal>,
  startS3: () => Promise<RunningS3Emulator>,
): Promise<[RunningDynamoDbLocal, RunningS3Emulator]> => {
  const [dynamo, s3] = await Promise.allSettled([startDynamo(), startS3()]);
  if (dynamo.status === 'fulfilled' && s3.status === 'fulfilled') return [dynamo.value, s3.value];
  if (dynamo.status === 'fulfilled') await dynamo.value.stop();
  if (s3.status === 'fulfilled') await s3.value.stop();
  throw dynamo.status === 'rejected' ? dynamo.reason : (s3 as PromiseRejectedResult).reason;
};
