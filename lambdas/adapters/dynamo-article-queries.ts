/**
 * The DynamoDB read side: every question is a Query or a GetItem on the
 * single table (`schema/article-table.ts`), never a Scan.
 */
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  COUNTER_SHARDS,
  counterPartition,
  dateRangeBounds,
  FACET_INDEX,
  facets,
  keys,
} from '../../schema/article-table';
import type { ArticleRecord, UploadRecord } from '../domain/article-record';
import {
  type ArticleQueries,
  type ArticleSummary,
  type CountPoint,
  type CountQuery,
  InvalidCursorError,
  type ListOptions,
  type Page,
} from '../domain/queries';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
const ITEM_KEYS = new Set(['pk', 'sk', 'entity', 'revision', 'facets', 'facet', 'facetSort']);

export class DynamoArticleQueries implements ArticleQueries {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getArticle(articleId: string): Promise<ArticleRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.article(articleId) }),
    );
    return Item ? (strip(Item) as unknown as ArticleRecord) : undefined;
  }

  async getUpload(bucket: string, key: string): Promise<UploadRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.object(bucket, key), ConsistentRead: true }),
    );
    return Item ? (strip(Item) as unknown as UploadRecord) : undefined;
  }

  listArticles(facet: string, options: ListOptions = {}): Promise<Page<ArticleSummary>> {
    return this.queryFacet<ArticleSummary>(facet, options);
  }

  listFailures(status: 'REJECTED' | 'FAILED', options: ListOptions = {}): Promise<Page<UploadRecord>> {
    return this.queryFacet<UploadRecord>(facets.status(status), options);
  }

  async countSeries(query: CountQuery): Promise<CountPoint[]> {
    const totals = new Map<string, Record<string, number>>();
    const wanted = (name: string) =>
      !query.dimensions || query.dimensions.some((d) => (d.endsWith('#') ? name.startsWith(d) : name === d));
    // When only named dimensions are wanted (no `TOPIC#`-style prefix), read only those attributes.
    const exact = query.dimensions?.every((d) => !d.endsWith('#')) ? query.dimensions : undefined;
    const projection = exact && {
      ProjectionExpression: ['sk', ...exact.map((_, i) => `#d${i}`)].join(', '),
      ExpressionAttributeNames: Object.fromEntries(exact.map((d, i) => [`#d${i}`, d])),
    };
    const readShard = async (shard: number) => {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': counterPartition(query.basis, query.granularity, shard),
              ...boundsValues(query.from, query.to),
            },
            ...projection,
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) {
          const period = String(item.sk);
          const counts = totals.get(period) ?? {};
          for (const [name, value] of Object.entries(item)) {
            if (name === 'pk' || name === 'sk' || typeof value !== 'number' || !wanted(name)) continue;
            counts[name] = (counts[name] ?? 0) + value;
          }
          totals.set(period, counts);
        }
        start = page.LastEvaluatedKey;
      } while (start);
    };
    // The shards are independent partitions: read them at once.
    await Promise.all(Array.from({ length: COUNTER_SHARDS }, (_, shard) => readShard(shard)));
    return [...totals.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([period, counts]) => ({
        period,
        counts: Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0)),
      }));
  }

  private async queryFacet<T>(facet: string, options: ListOptions): Promise<Page<T>> {
    const limit = Math.min(Math.max(1, options.limit ?? DEFAULT_LIMIT), MAX_LIMIT);
    const ranged = options.from !== undefined || options.to !== undefined;
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: FACET_INDEX,
        KeyConditionExpression: ranged ? 'facet = :f AND facetSort BETWEEN :from AND :to' : 'facet = :f',
        ExpressionAttributeValues: {
          ':f': facet,
          ...(ranged ? boundsValues(options.from ?? '0000', options.to ?? '9999') : {}),
        },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: decodeCursor(options.cursor),
      }),
    );
    return {
      items: (page.Items ?? []).map((item) => strip(item) as unknown as T),
      cursor: encodeCursor(page.LastEvaluatedKey),
    };
  }
}

function boundsValues(from: string, to: string) {
  const { lower, upper } = dateRangeBounds(from, to);
  return { ':from': lower, ':to': upper };
}

const strip = (item: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(item).filter(([name]) => !ITEM_KEYS.has(name)));

const encodeCursor = (key: Record<string, unknown> | undefined): string | undefined =>
  key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : undefined;

function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new InvalidCursorError('The cursor is not one this API returned. Start again without a cursor.');
}
