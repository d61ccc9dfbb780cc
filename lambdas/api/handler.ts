/**
 * Lambda entry point of the query API (API Gateway HTTP API, payload 2.0).
 * Everything is built once per container; configuration that is missing
 * fails at init.
 */
import { getStringFromEnv } from '@aws-lambda-powertools/commons/utils/env';
import { Logger } from '@aws-lambda-powertools/logger';
import { createDocumentClient, createS3Client } from '../adapters/aws-clients';
import { DynamoArticleQueries } from '../adapters/dynamo-article-queries';
import { S3ObjectExistence } from '../adapters/s3-object-existence';
import { createApiHandler } from './api-handler';

const tableName = getStringFromEnv({
  key: 'TABLE_NAME',
  errorMessage: 'TABLE_NAME must name the article table',
});
const dropBucket = getStringFromEnv({ key: 'DROP_BUCKET', defaultValue: '' }) || undefined;
const dropPrefix = getStringFromEnv({ key: 'DROP_PREFIX', defaultValue: 'incoming/' });

const logger = new Logger({ serviceName: 'news-query-api' });

export const handler = createApiHandler({
  queries: new DynamoArticleQueries(createDocumentClient(), tableName),
  objects: new S3ObjectExistence(createS3Client()),
  dropBucket,
  dropPrefix,
  logger,
});
