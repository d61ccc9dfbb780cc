/**
 * The SQS batch handler, built from its dependencies so tests can hand it
 * in-memory ones. `handler.ts` builds the real ones once, at module scope.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { parseS3EventMessage } from '../adapters/s3-event-message';
import type { IngestedArticle, IngestService } from '../domain/ingest';

export interface IngestHandlerDependencies {
  readonly service: IngestService;
  readonly prefix: string;
  /** The queue's maxReceiveCount: on the last attempt a failure is recorded before the message goes to the DLQ. */
  readonly maxReceiveCount: number;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export function createIngestHandler(deps: IngestHandlerDependencies) {
  const { service, prefix, maxReceiveCount, logger, metrics } = deps;

  const recordHandler = async (record: SQSRecord): Promise<void> => {
    const message = parseS3EventMessage(record.body, prefix);
    if (message.isTestEvent) {
      logger.info('Ignoring s3:TestEvent', { messageId: record.messageId });
      return;
    }
    for (const skipped of message.skipped) logger.debug('Skipping S3 record', skipped);
    const attempt = Number(record.attributes?.ApproximateReceiveCount ?? '1');
    for (const ref of message.objects) {
      try {
        const outcome = await service.ingest(ref);
        if (outcome.status === 'INGESTED') {
          countIngested(metrics, outcome);
          logger.info('Article ingested', { key: ref.key, articleId: outcome.articleId, save: outcome.save });
        } else if (outcome.status === 'BULK') {
          for (const article of outcome.articles) countIngested(metrics, article);
          if (outcome.rejectedLines.length > 0) {
            metrics.addMetric('ArticlesRejected', MetricUnit.Count, outcome.rejectedLines.length);
          }
          logger.info('Bulk file ingested', {
            key: ref.key,
            articles: outcome.articles.length,
            rejectedLines: outcome.rejectedLines.slice(0, 20),
          });
        } else {
          metrics.addMetric('ArticlesRejected', MetricUnit.Count, 1);
          logger.warn('Upload rejected', {
            key: ref.key,
            code: outcome.rejection.code,
            reason: outcome.rejection.reason,
          });
        }
      } catch (error) {
        logger.error('Ingest failed', { key: ref.key, attempt, maxReceiveCount, error: error as Error });
        if (attempt >= maxReceiveCount) {
          metrics.addMetric('ArticlesFailed', MetricUnit.Count, 1);
          await service
            .recordFailure(ref, error, attempt)
            .catch((recordError: unknown) =>
              logger.error('Could not record the failure', { key: ref.key, error: recordError as Error }),
            );
        }
        throw error;
      }
    }
  };

  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    // One processor per invocation: BatchProcessor keeps per-batch state, and
    // local mode may run invocations concurrently.
    const processor = new BatchProcessor(EventType.SQS);
    logger.addContext(context);
    try {
      return await processPartialResponse(event, recordHandler, processor, {
        context,
        throwOnFullBatchFailure: false,
      });
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}

/**
 * EMF metrics for the CloudWatch dashboard. Exact counts live in the table;
 * these are operational signals (a Lambda retry may emit twice).
 */
function countIngested(metrics: Metrics, outcome: IngestedArticle): void {
  if (outcome.save === 'created') {
    metrics.addMetric('ArticlesIngested', MetricUnit.Count, 1);
    const byTopic = metrics.singleMetric();
    byTopic.addDimension('Topic', outcome.primaryTopic ?? 'none');
    byTopic.addMetric('ArticlesByTopic', MetricUnit.Count, 1);
    const byAlignment = metrics.singleMetric();
    byAlignment.addDimension('Alignment', outcome.alignment);
    byAlignment.addMetric('ArticlesByAlignment', MetricUnit.Count, 1);
  } else if (outcome.save === 'written') {
    // The same article under another key or version.
    metrics.addMetric('ArticleSightings', MetricUnit.Count, 1);
  } else {
    metrics.addMetric('DuplicateDeliveries', MetricUnit.Count, 1);
  }
}
