import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  bindDropPrefix,
  createPipelineFunction,
  METRICS_NAMESPACE,
  REPO_ROOT,
} from './node-function-defaults';

/** Powertools service name of the ingest function: the `service` dimension of its metrics. */
export const INGEST_SERVICE_NAME = 'news-ingest';

/**
 * The DynamoDB actions the ingest adapter needs on the article table: GetItem,
 * and TransactWriteItems made of Put/Update/Delete/ConditionCheck items (a
 * transaction is authorised per item action; there is no TransactWriteItems
 * IAM action). No Query or Scan: the function never reads an index.
 */
export const TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
] as const;

/** The S3 actions the ingest adapter needs on keys under the drop prefix. */
export const DROP_OBJECT_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion'] as const;

export interface IngestFunctionProps {
  /**
   * Handler source file, bundled by the local esbuild.
   * @default lambdas/ingest/handler.ts
   */
  readonly entry?: string;
  /**
   * Function timeout.
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;
  /**
   * Function memory in MB.
   * @default 1024
   */
  readonly memorySize?: number;
  /**
   * Retention of the function's log group.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Deliveries of a message before it goes to the DLQ, so the handler can tell a
   * final attempt (and record the input as FAILED) from one that will be retried.
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * Objects larger than this are rejected without being read.
   * @default 10485760 (10 MiB)
   */
  readonly maxObjectBytes?: number;
}

export interface ConsumeQueueOptions {
  /**
   * Maximum messages per invocation.
   * @default 10
   */
  readonly batchSize?: number;
  /**
   * How long to gather messages before invoking.
   * @default Duration.seconds(5)
   */
  readonly maxBatchingWindow?: Duration;
}

/**
 * The ingest Lambda function: Node.js 22 on arm64, bundled by the local esbuild
 * (minified, with source maps), X-Ray tracing, its own log group with a retention
 * (see `nodeFunctionDefaults`, which also states the SDK policy: bundled).
 *
 * Permissions are granted only through the `bind*` methods, which set the
 * environment variable and the IAM grant together so the two cannot drift apart.
 * The role has no AWS managed policy: it may write to its own log group only.
 */
export class IngestFunction extends Construct {
  public readonly function: nodejs.NodejsFunction;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: IngestFunctionProps = {}) {
    super(scope, id);

    const parts = createPipelineFunction(this, {
      entry: props.entry ?? path.join(REPO_ROOT, 'lambdas', 'ingest', 'handler.ts'),
      roleDescription:
        'Ingest function: read the drop prefix, write the article table, consume the article queue.',
      timeout: props.timeout ?? Duration.seconds(30),
      memorySize: props.memorySize ?? 1024,
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      environment: {
        POWERTOOLS_SERVICE_NAME: INGEST_SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        MAX_RECEIVE_COUNT: String(props.maxReceiveCount ?? 5),
        MAX_OBJECT_BYTES: String(props.maxObjectBytes ?? 10 * 1024 * 1024),
      },
    });
    this.logGroup = parts.logGroup;
    this.role = parts.role;
    this.function = parts.function;
  }

  /** Sets TABLE_NAME and grants exactly TABLE_ACTIONS on the table itself (not its indexes). */
  public bindTable(table: dynamodb.ITable): void {
    this.function.addEnvironment('TABLE_NAME', table.tableName);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...TABLE_ACTIONS], resources: [table.tableArn] }),
    );
  }

  /**
   * Sets DROP_BUCKET and DROP_PREFIX and grants s3:GetObject and s3:GetObjectVersion
   * on `<bucket>/<prefix>*`, and s3:ListBucket limited to the prefix: the function
   * cannot read other keys, list beyond the prefix, or write anything.
   */
  public bindDropBucket(bucket: s3.IBucket, prefix: string): void {
    bindDropPrefix(this.function, this.role, bucket, prefix, DROP_OBJECT_ACTIONS, '');
  }

  /** Consumes the queue with partial batch responses: one failed record never fails its batch-mates. */
  public consumeQueue(queue: sqs.IQueue, options: ConsumeQueueOptions = {}): void {
    this.function.addEventSource(
      new SqsEventSource(queue, {
        batchSize: options.batchSize ?? 10,
        maxBatchingWindow: options.maxBatchingWindow ?? Duration.seconds(5),
        reportBatchItemFailures: true,
      }),
    );
  }
}
