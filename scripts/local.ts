/**
 * `npm start`: the whole pipeline on this machine, no AWS account needed.
 *
 * Starts the local S3 endpoint and DynamoDB Local, uploads the sample
 * articles through S3 (so they take the real event path), prints the stored
 * records and the endpoints, then keeps ingesting every upload until Ctrl-C.
 *
 *   npm start                 data persists under .local/
 *   npm start -- --reset      wipe .local/ first
 *
 * Environment: LOCAL_S3_PORT (4569), LOCAL_DYNAMODB_PORT (8000),
 * LOCAL_HTTP_PORT (3000, query API and dashboard), LOCAL_DATA_DIR (.local), LOCAL_BUCKET (news-drop), LOCAL_TABLE
 * (news-articles), LOCAL_PREFIX (incoming/).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, paginateScan } from '@aws-sdk/lib-dynamodb';
import { buildDashboardAssets } from '../local/dashboard-assets';
import { LOCAL_DEFAULTS, type LocalPipeline, startLocalPipeline } from '../local/local-pipeline';

const LOCAL_HTTP_PORT_DEFAULT = 3000;

import type { DeliveryReport } from '../local/local-queue';
import { ARTICLE_SK, FACET_INDEX, facets, keys } from '../schema/article-table';

const repoRoot = path.resolve(__dirname, '..');
const samplesDir = path.join(repoRoot, 'samples');

/** A path relative to the working directory when it lies inside it, else absolute. */
const displayPath = (target: string): string => {
  const relative = path.relative(process.cwd(), target);
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? target : relative;
};

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const portFromEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`${name} must be a port number (0-65535), not "${raw}"`);
  }
  return port;
};

interface StoredArticle {
  readonly title?: string;
  readonly language?: string;
  readonly primaryTopic?: string;
  readonly alignment?: { readonly label?: string };
  readonly sightings?: Record<string, unknown>;
  readonly sightingCount?: number;
  readonly date?: string;
}

const cell = (text: string, width: number): string =>
  text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);

const printArticles = async (documents: DynamoDBDocumentClient, table: string): Promise<void> => {
  const articles: StoredArticle[] = [];
  // A Scan is fine for a local summary; the dashboards use the Query patterns in the README.
  for await (const page of paginateScan(
    { client: documents },
    {
      TableName: table,
      FilterExpression: 'sk = :sk',
      ExpressionAttributeValues: { ':sk': ARTICLE_SK },
    },
  )) {
    articles.push(...((page.Items ?? []) as StoredArticle[]));
  }
  articles.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  out(`Stored articles: ${articles.length}`);
  if (articles.length === 0) return;
  const columns: [string, number][] = [
    ['TITLE', 48],
    ['LANG', 4],
    ['PRIMARY TOPIC', 22],
    ['ALIGNMENT', 16],
    ['SIGHTINGS', 9],
  ];
  out(columns.map(([name, width]) => cell(name, width)).join('  '));
  const shown = 30;
  for (const article of articles.slice(0, shown)) {
    const sightings = article.sightingCount ?? Object.keys(article.sightings ?? {}).length;
    const values = [
      article.title ?? '',
      article.language ?? '',
      article.primaryTopic ?? '',
      article.alignment?.label ?? '',
      String(sightings),
    ];
    out(values.map((value, index) => cell(value, columns[index]?.[1] ?? 10)).join('  '));
  }
  if (articles.length > shown) out(`… and ${articles.length - shown} more`);
};

/** One line per handled upload: its stored status, title or reason. */
const reportDelivery = (
  documents: DynamoDBDocumentClient,
  pipeline: () => LocalPipeline | undefined,
  report: DeliveryReport,
): void => {
  const current = pipeline();
  for (const record of report.records) {
    const objects = objectsIn(record.body);
    if (report.deadLettered.includes(record.messageId)) {
      for (const object of objects) {
        out(
          `DEAD-LETTERED ${object} after ${record.receiveCount} attempts (see ${current?.deadLetterPath ?? 'dlq.jsonl'})`,
        );
      }
    } else if (report.retrying.includes(record.messageId)) {
      const why = report.batchError ? `: ${report.batchError}` : '';
      for (const object of objects) out(`RETRY ${object} (attempt ${record.receiveCount} failed${why})`);
    } else if (current) {
      for (const object of objects) void printStatus(documents, current.table, object);
    }
  }
};

const objectsIn = (body: string): string[] => {
  try {
    const notification = JSON.parse(body) as {
      Records?: { s3?: { bucket?: { name?: string }; object?: { key?: string } } }[];
    };
    return (notification.Records ?? []).map(
      (record) =>
        `s3://${record.s3?.bucket?.name ?? '?'}/${decodeURIComponent((record.s3?.object?.key ?? '').replace(/\+/g, ' '))}`,
    );
  } catch {
    return [];
  }
};

const printStatus = async (
  documents: DynamoDBDocumentClient,
  table: string,
  object: string,
): Promise<void> => {
  const [bucket, ...rest] = object.slice('s3://'.length).split('/');
  const key = rest.join('/');
  try {
    const get = async (itemKey: { pk: string; sk: string }) =>
      (await documents.send(new GetCommand({ TableName: table, Key: itemKey, ConsistentRead: true }))).Item;
    const upload = await get(keys.object(bucket ?? '', key));
    const status = String(upload?.status ?? 'HANDLED');
    if (status === 'INGESTED' && typeof upload?.articleId === 'string') {
      const article = (await get(keys.article(upload.articleId))) as StoredArticle | undefined;
      const facts = [article?.language, article?.primaryTopic, article?.alignment?.label]
        .filter(Boolean)
        .join(', ');
      out(
        `${status} ${object} -> ${JSON.stringify(article?.title ?? upload.articleId)}${facts ? ` (${facts})` : ''}`,
      );
    } else {
      out(`${status} ${object}${upload?.reason ? ` -> ${String(upload.reason)}` : ''}`);
    }
  } catch (error) {
    out(`HANDLED ${object} (status unknown: ${String(error)})`);
  }
};

const uploadSamples = async (s3: S3Client, bucket: string, prefix: string): Promise<number> => {
  let files: string[];
  try {
    files = readdirSync(samplesDir).filter(
      (name) => name.endsWith('.txt') && statSync(path.join(samplesDir, name)).isFile(),
    );
  } catch {
    return 0;
  }
  for (const name of files.sort()) {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `${prefix}samples/${name}`,
        Body: readFileSync(path.join(samplesDir, name)),
        ContentType: 'text/plain; charset=utf-8',
      }),
    );
  }
  return files.length;
};

const main = async (): Promise<void> => {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--reset');
  if (unknown.length > 0)
    throw new UsageError(`Unknown argument(s): ${unknown.join(' ')}. Usage: npm start [-- --reset]`);
  const reset = args.includes('--reset');
  const dataDir = path.resolve(repoRoot, process.env.LOCAL_DATA_DIR || '.local');

  out(`Starting local pipeline (data in ${displayPath(dataDir)}${reset ? ', reset' : ''})…`);
  let pipeline: LocalPipeline | undefined;
  let stoppingSince: number | undefined;
  const shutdown = (signal: string): void => {
    if (!pipeline) {
      // Still starting: exiting kills the JVM through the exit hook of local/dynamodb-local.
      out(`${signal}: interrupted during start-up`);
      process.exit(130);
    }
    if (stoppingSince !== undefined) {
      // One Ctrl-C can arrive twice (the terminal signals the whole process group and npm/tsx relay it).
      if (Date.now() - stoppingSince < 2000) return;
      out('Forced exit');
      process.exit(130);
    }
    stoppingSince = Date.now();
    out(`${signal}: stopping…`);
    pipeline
      .stop()
      .then(() => {
        out('Stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        process.stderr.write(`Error while stopping: ${String(error)}\n`);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  const documentsHolder: { client?: DynamoDBDocumentClient } = {};
  const staticDir = await buildDashboardAssets(path.join(dataDir, 'dashboard'));
  pipeline = await startLocalPipeline({
    dataDir,
    reset,
    httpPort: portFromEnv('LOCAL_HTTP_PORT', LOCAL_HTTP_PORT_DEFAULT),
    staticDir,
    s3Port: portFromEnv('LOCAL_S3_PORT', LOCAL_DEFAULTS.s3Port),
    dynamoPort: portFromEnv('LOCAL_DYNAMODB_PORT', LOCAL_DEFAULTS.dynamoPort),
    bucket: process.env.LOCAL_BUCKET || LOCAL_DEFAULTS.bucket,
    table: process.env.LOCAL_TABLE || LOCAL_DEFAULTS.table,
    prefix: process.env.LOCAL_PREFIX || LOCAL_DEFAULTS.prefix,
    onDelivery: (report) => {
      if (documentsHolder.client) reportDelivery(documentsHolder.client, () => pipeline, report);
    },
  });
  const running = pipeline;

  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const s3 = new S3Client({
    endpoint: running.s3Endpoint,
    region: running.region,
    credentials,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: running.dynamoEndpoint, region: running.region, credentials }),
  );
  documentsHolder.client = documents;

  const uploaded = await uploadSamples(s3, running.bucket, running.prefix);
  out(`Uploaded ${uploaded} sample article(s) to s3://${running.bucket}/${running.prefix}samples/`);
  await running.drain(120_000);
  // Let the status lines of the last batch print before the table.
  await new Promise((resolve) => setTimeout(resolve, 200));
  out();
  await printArticles(documents, running.table);
  out();

  const s3Url = running.s3Endpoint;
  const ddbUrl = running.dynamoEndpoint;
  out(`S3 endpoint: ${s3Url} bucket: ${running.bucket} prefix: ${running.prefix}`);
  out(`DynamoDB endpoint: ${ddbUrl} table: ${running.table}`);
  out(`API: ${running.httpUrl}`);
  out(`Dashboard: ${running.httpUrl}`);
  out();
  out('Try it (any credentials work locally):');
  out(`  export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION=${running.region}`);
  out(`  aws --endpoint-url ${s3Url} s3 cp article.txt s3://${running.bucket}/${running.prefix}`);
  out(
    `  aws --endpoint-url ${ddbUrl} dynamodb query --table-name ${running.table} ` +
      `--key-condition-expression "pk = :pk" ` +
      `--expression-attribute-values '{":pk":{"S":"OBJECT#${running.bucket}/${running.prefix}article.txt"}}'`,
  );
  out(
    `  aws --endpoint-url ${ddbUrl} dynamodb query --table-name ${running.table} --index-name ${FACET_INDEX} ` +
      `--key-condition-expression "facet = :f" --expression-attribute-values '{":f":{"S":"${facets.topic('politics')}"}}' ` +
      '--no-scan-index-forward',
  );
  out(`  curl '${running.httpUrl}api/articles?topic=politics'`);
  out(`  npm run query -- counts --breakdown topic --from 2024-01 --to 2024-12`);
  out(
    `Failed messages land in ${displayPath(running.deadLetterPath)}; once fixed, redrive them with: npm run redrive. Press Ctrl-C to stop.`,
  );
  out('Ready');
};

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Error: ${message}\n`);
  process.exit(1);
});
