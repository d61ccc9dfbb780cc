/**
 * Lambda entry point: S3 ObjectCreated notifications arrive through SQS.
 * Everything is built once per container; configuration that is missing
 * fails at init.
 */
import { getNumberFromEnv, getStringFromEnv } from '@aws-lambda-powertools/commons/utils/env';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createDocumentClient, createS3Client } from '../adapters/aws-clients';
import { DynamoArticleStore } from '../adapters/dynamo-article-store';
import { S3ArticleSource } from '../adapters/s3-article-source';
import { createDefaultClassifier } from '../domain/classify/default-classifier';
import { IngestService } from '../domain/ingest';
import { createIngestHandler } from './ingest-handler';

const tableName = getStringFromEnv({
  key: 'TABLE_NAME',
  errorMessage: 'TABLE_NAME must name the article table',
});
const prefix = getStringFromEnv({ key: 'DROP_PREFIX', defaultValue: 'incoming/' });
const maxReceiveCount = getNumberFromEnv({ key: 'MAX_RECEIVE_COUNT', defaultValue: 5 });
const maxObjectBytes = getNumberFromEnv({ key: 'MAX_OBJECT_BYTES', defaultValue: 10 * 1024 * 1024 });

const logger = new Logger({ serviceName: 'news-ingest' });
const metrics = new Metrics({ namespace: 'NewsPipeline', serviceName: 'news-ingest' });

const service = new IngestService({
  source: new S3ArticleSource(createS3Client()),
  store: new DynamoArticleStore(createDocumentClient(), tableName),
  classifier: createDefaultClassifier(),
  prefix,
  maxObjectBytes,
});

export const handler = createIngestHandler({ service, prefix, maxReceiveCount, logger, metrics });
