/**
 * The DynamoDB implementation of `ArticleStore`, on the single table defined
 * in `schema/article-table.ts`.
 *
 * One article write is one transaction: the upload item (guarded by the S3
 * sequencer, so a redelivered or out-of-order event changes nothing), the
 * article record (guarded by its revision, so two keys carrying the same
 * article merge instead of racing), and its facet entries for the dashboard
 * index. A lost race is retried from a fresh read.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  articleFacetSort,
  counterShard,
  facets as facetKeys,
  keys,
  objectFacetSort,
} from '../../schema/article-table';
import { type ArticleRecord, mergeArticleRecord, type UploadRecord } from '../domain/article-record';
import { articleDimensions, type CounterDelta, counterDeltas } from '../domain/breakdowns';
import type { ArticleStore, SaveOutcome } from '../domain/ports';

type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

const MAX_ATTEMPTS = 8;

export class ConcurrentUpdateError extends Error {
  override readonly name = 'ConcurrentUpdateError';
}

interface ArticleItemMeta {
  readonly revision: number;
  readonly facets: readonly string[];
}

export class DynamoArticleStore implements ArticleStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async saveArticle(article: ArticleRecord, upload: UploadRecord): Promise<SaveOutcome> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const existing = await this.getArticle(article.articleId);
      const merged = mergeArticleRecord(existing?.record, article);
      const items: TransactItem[] = [this.putUpload(upload)];
      if (merged) {
        items.push(this.putArticle(merged, existing?.meta));
        // Index entries and counters follow the classification and the publication date.
        const moved =
          !existing ||
          existing.record.classifier.version !== merged.classifier.version ||
          existing.record.date !== merged.date;
        if (moved) {
          items.push(...this.facetWrites(merged, existing?.meta.facets ?? []));
          items.push(
            ...counterDeltas(existing?.record, merged).map((d) => this.addCounts(merged.articleId, d)),
          );
        }
      }
      const outcome = await this.transact(items, upload);
      if (outcome === 'written' && !existing) return 'created';
      if (outcome !== 'conflict') return outcome;
      await backoff(attempt);
    }
    throw new ConcurrentUpdateError(
      `Article ${article.articleId} kept changing under ${MAX_ATTEMPTS} attempts; the message will be retried.`,
    );
  }

  async saveUpload(upload: UploadRecord): Promise<SaveOutcome> {
    const previousLines = upload.lines ? await this.previousLineCount(upload) : 0;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const outcome = await this.transact([this.putUpload(upload)], upload);
      if (outcome === 'written' && upload.lines) {
        await this.deleteLines(upload, upload.lines.total + 1, previousLines);
      }
      if (outcome !== 'conflict') return outcome;
      await backoff(attempt);
    }
    throw new ConcurrentUpdateError(
      `Upload s3://${upload.bucket}/${upload.key} kept conflicting; the message will be retried.`,
    );
  }

  private async getArticle(articleId: string) {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.article(articleId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, entity: _entity, revision, facets, ...record } = Item;
    return {
      record: record as ArticleRecord,
      meta: {
        revision: Number(revision ?? 0),
        facets: (facets as string[] | undefined) ?? [],
      } satisfies ArticleItemMeta,
    };
  }

  /**
   * Returns `conflict` when the article changed since it was read, `unchanged`
   * or `stale` when the upload item already holds this or a newer event.
   */
  private async transact(items: TransactItem[], upload: UploadRecord): Promise<SaveOutcome | 'conflict'> {
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return 'written';
    } catch (error) {
      if (
        !(error instanceof TransactionCanceledException || isNamed(error, 'TransactionCanceledException'))
      ) {
        throw error;
      }
      const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return this.classifyRejectedUpload(upload);
      // Another writer changed the article since we read it, or holds it in its own transaction.
      if (reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')) {
        return 'conflict';
      }
      throw error;
    }
  }

  private async classifyRejectedUpload(upload: UploadRecord): Promise<SaveOutcome> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: uploadKey(upload),
        ConsistentRead: true,
      }),
    );
    return Item?.sequencer === upload.sequencer ? 'unchanged' : 'stale';
  }

  /** How many lines the previous version of a bulk file had. */
  private async previousLineCount(upload: UploadRecord): Promise<number> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.object(upload.bucket, upload.key),
        ConsistentRead: true,
      }),
    );
    return Number(Item?.lines?.total ?? 0);
  }

  /**
   * A new version of a bulk file with fewer lines leaves the old version's
   * extra lines behind; remove them, unless a newer version wrote them.
   */
  private async deleteLines(upload: UploadRecord, from: number, to: number): Promise<void> {
    for (let line = from; line <= to; line++) {
      await this.client
        .send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: keys.objectLine(upload.bucket, upload.key, line),
            ConditionExpression: 'sequencer < :seq',
            ExpressionAttributeValues: { ':seq': upload.sequencer ?? '' },
          }),
        )
        .catch((error: unknown) => {
          if (!isNamed(error, 'ConditionalCheckFailedException')) throw error;
        });
    }
  }

  private putUpload(upload: UploadRecord): TransactItem {
    const item = {
      ...uploadKey(upload),
      entity: 'upload',
      ...upload,
      ...(upload.status === 'REJECTED' || upload.status === 'FAILED'
        ? {
            facet: facetKeys.status(upload.status),
            facetSort: objectFacetSort(upload.updatedAt, upload.bucket, upload.key, upload.line),
          }
        : {}),
    };
    if (!upload.sequencer) return { Put: { TableName: this.tableName, Item: item } };
    return {
      Put: {
        TableName: this.tableName,
        Item: item,
        // Newer events win; the same event may only replace a FAILED outcome (a redrive).
        ConditionExpression:
          'attribute_not_exists(pk) OR attribute_not_exists(sequencer) OR sequencer < :seq OR (sequencer = :seq AND #status = :failed)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':seq': upload.sequencer, ':failed': 'FAILED' },
      },
    };
  }

  private putArticle(record: ArticleRecord, meta: ArticleItemMeta | undefined): TransactItem {
    const revision = (meta?.revision ?? 0) + 1;
    const item = {
      ...keys.article(record.articleId),
      entity: 'article',
      ...record,
      revision,
      facets: articleDimensions(record),
    };
    return {
      Put: {
        TableName: this.tableName,
        Item: item,
        ConditionExpression: meta ? 'revision = :revision' : 'attribute_not_exists(pk)',
        ExpressionAttributeValues: meta ? { ':revision': meta.revision } : undefined,
      },
    };
  }

  /** One counter item, all its changed dimension values in one ADD. */
  private addCounts(articleId: string, delta: CounterDelta): TransactItem {
    const entries = Object.entries(delta.changes);
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.counter(delta.basis, delta.granularity, counterShard(articleId), delta.period),
        UpdateExpression: `ADD ${entries.map((_, i) => `#d${i} :d${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#d${i}`, name])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, n], i) => [`:d${i}`, n])),
      },
    };
  }

  private facetWrites(record: ArticleRecord, previous: readonly string[]): TransactItem[] {
    const current = articleDimensions(record);
    const summary = facetSummary(record);
    const puts = current.map(
      (facet): TransactItem => ({
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.facetItem(record.articleId, facet),
            entity: 'facet',
            facet,
            facetSort: articleFacetSort(record.date, record.articleId),
            ...summary,
          },
        },
      }),
    );
    const deletes = previous
      .filter((facet) => !current.includes(facet))
      .map(
        (facet): TransactItem => ({
          Delete: { TableName: this.tableName, Key: keys.facetItem(record.articleId, facet) },
        }),
      );
    return [...puts, ...deletes];
  }
}

/** What a dashboard list needs without fetching the full record. */
function facetSummary(record: ArticleRecord) {
  return {
    articleId: record.articleId,
    title: record.title,
    date: record.date,
    datePrecision: record.datePrecision,
    language: record.language,
    source: record.source,
    primaryTopic: record.primaryTopic,
    topics: record.topics.map((t) => t.slug),
    alignment: record.alignment.label,
    stance: Object.fromEntries(Object.entries(record.stance).map(([target, s]) => [target, s.label])),
    ingestedAt: record.ingestedAt,
  };
}

/** Full-jitter exponential backoff: 10 ms, 20 ms, … capped at 500 ms. */
const backoff = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(500, 10 * 2 ** attempt)));

const uploadKey = (upload: UploadRecord) =>
  upload.line === undefined
    ? keys.object(upload.bucket, upload.key)
    : keys.objectLine(upload.bucket, upload.key, upload.line);

const isNamed = (error: unknown, name: string): boolean => error instanceof Error && error.name === name;
