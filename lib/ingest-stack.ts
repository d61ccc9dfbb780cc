import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ARTICLE_TABLE } from '../schema/article-table';
import { ArticleQueue } from './constructs/article-queue';
import { ArticleTable } from './constructs/article-table';
import { DropBucket } from './constructs/drop-bucket';
import { IngestFunction } from './constructs/ingest-function';
import { PipelineAlarms } from './constructs/pipeline-alarms';
import { PipelineDashboard } from './constructs/pipeline-dashboard';
import { QueryApi } from './constructs/query-api';
import { QueryFunction } from './constructs/query-function';
import type { PipelineConfig } from './pipeline-config';

/** Construct id CDK gives the singleton Lambda that applies S3 bucket notifications. */
const BUCKET_NOTIFICATIONS_HANDLER_ID = 'BucketNotificationsHandler050a0587b7544547bf325f094a3db834';

export interface IngestStackProps extends StackProps {
  /** Built and validated once in `bin/app.ts` (see `buildPipelineConfig`). */
  readonly config: PipelineConfig;
}

/**
 * S3 drop bucket -> SQS (+ DLQ) -> ingest Lambda -> DynamoDB article table,
 * read through the query API (HTTP API -> query Lambda), observed through a
 * CloudWatch dashboard and alarms.
 * Wiring only: each piece and its secure defaults live in `lib/constructs/`.
 */
export class IngestStack extends Stack {
  public readonly articleQueue: ArticleQueue;
  public readonly dropBucket: DropBucket;
  public readonly articleTable: ArticleTable;
  public readonly ingestFunction: IngestFunction;
  public readonly queryFunction: QueryFunction;
  public readonly queryApi: QueryApi;
  public readonly alarms: PipelineAlarms;
  public readonly dashboard: PipelineDashboard;

  constructor(scope: Construct, id: string, props: IngestStackProps) {
    super(scope, id, {
      description: 'News ingest pipeline: S3 drop bucket -> SQS -> Lambda -> DynamoDB',
      ...props,
    });
    const { config } = props;
    const removalPolicy = config.removalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const timeout = Duration.seconds(config.functionTimeoutSeconds);

    this.articleQueue = new ArticleQueue(this, 'ArticleQueue', {
      consumerTimeout: timeout,
      maxReceiveCount: config.maxReceiveCount,
    });

    this.dropBucket = new DropBucket(this, 'DropBucket', {
      queue: this.articleQueue.queue,
      prefix: config.dropPrefix,
      noncurrentVersionExpirationDays: config.noncurrentVersionExpirationDays,
      removalPolicy,
    });

    this.articleTable = new ArticleTable(this, 'ArticleTable', {
      definition: ARTICLE_TABLE,
      removalPolicy,
      deletionProtection: config.deletionProtection,
    });

    this.ingestFunction = new IngestFunction(this, 'IngestFunction', {
      timeout,
      memorySize: config.functionMemoryMb,
      logRetention: config.logRetentionDays as logs.RetentionDays,
      maxReceiveCount: config.maxReceiveCount,
      maxObjectBytes: config.maxObjectBytes,
    });
    this.ingestFunction.bindTable(this.articleTable.table);
    this.ingestFunction.bindDropBucket(this.dropBucket.bucket, this.dropBucket.prefix);
    this.ingestFunction.consumeQueue(this.articleQueue.queue, {
      batchSize: config.batchSize,
      maxBatchingWindow: Duration.seconds(config.maxBatchingWindowSeconds),
    });

    this.queryFunction = new QueryFunction(this, 'QueryFunction', {
      logRetention: config.logRetentionDays as logs.RetentionDays,
    });
    this.queryFunction.bindTable(this.articleTable.table);
    this.queryFunction.bindDropBucket(this.dropBucket.bucket, this.dropBucket.prefix);

    this.queryApi = new QueryApi(this, 'QueryApi', {
      handler: this.queryFunction.function,
      auth: config.apiAuth,
      throttleRateLimit: config.apiThrottleRate,
      throttleBurstLimit: config.apiThrottleBurst,
      accessLogRetention: config.logRetentionDays as logs.RetentionDays,
      removalPolicy,
    });

    this.alarms = new PipelineAlarms(this, 'Alarms', {
      deadLetterQueue: this.articleQueue.deadLetterQueue,
      articleQueue: this.articleQueue.queue,
      ingestFunction: this.ingestFunction.function,
      errorRatePercent: config.errorRateAlarmPercent,
      maxQueueAge: Duration.minutes(config.queueAgeAlarmMinutes),
      alarmEmail: config.alarmEmail,
      removalPolicy,
    });

    this.dashboard = new PipelineDashboard(this, 'Dashboard', {
      ingestFunction: this.ingestFunction.function,
      articleQueue: this.articleQueue.queue,
      deadLetterQueue: this.articleQueue.deadLetterQueue,
      httpApi: this.queryApi.httpApi,
      alarms: this.alarms.alarms,
    });

    this.acknowledgeCdkManagedHelpers();

    const bucketName = this.dropBucket.bucket.bucketName;
    new CfnOutput(this, 'BucketName', { value: bucketName, description: 'Drop bucket' });
    new CfnOutput(this, 'DropPrefix', {
      value: this.dropBucket.prefix,
      description: 'Key prefix that is ingested',
    });
    new CfnOutput(this, 'TableName', {
      value: this.articleTable.table.tableName,
      description: 'Article table',
    });
    new CfnOutput(this, 'QueueUrl', {
      value: this.articleQueue.queue.queueUrl,
      description: 'Article queue',
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      value: this.articleQueue.deadLetterQueue.queueUrl,
      description: 'Messages that failed every delivery',
    });
    new CfnOutput(this, 'UploadCommand', {
      value: `aws s3 cp article.txt s3://${bucketName}/${this.dropBucket.prefix}`,
      description: 'Upload an article for ingest',
    });
    new CfnOutput(this, 'RedriveCommand', {
      value: `aws sqs start-message-move-task --source-arn ${this.articleQueue.deadLetterQueue.queueArn}`,
      description: 'Move dead-lettered messages back to the article queue once the cause is fixed',
    });
    new CfnOutput(this, 'ApiUrl', {
      value: this.queryApi.url,
      description: `Query API base URL (routes under /api/; auth: ${config.apiAuth})`,
    });
    const apiKey = this.queryApi.apiKeyAuthorizer;
    if (apiKey) {
      new CfnOutput(this, 'ApiKeySecretArn', {
        value: apiKey.secret.secretArn,
        description: 'Secret holding the query API key (send it in the x-api-key header)',
      });
      new CfnOutput(this, 'ApiKeyCommand', {
        value: `aws secretsmanager get-secret-value --secret-id ${apiKey.secret.secretArn} --query SecretString --output text`,
        description: 'Print the query API key',
      });
    }
    new CfnOutput(this, 'DashboardUrl', {
      value: this.dashboard.url,
      description: 'CloudWatch dashboard of the pipeline',
    });
    if (this.alarms.topic) {
      new CfnOutput(this, 'AlarmTopicArn', {
        value: this.alarms.topic.topicArn,
        description: 'Alarm notifications (confirm the email subscription)',
      });
    }
  }

  /**
   * Acknowledges findings on the Lambda that CDK itself adds to apply S3 bucket
   * notifications. Its code and role are generated by aws-cdk-lib, not by us.
   */
  private acknowledgeCdkManagedHelpers(): void {
    const handler = this.node.tryFindChild(BUCKET_NOTIFICATIONS_HANDLER_ID);
    if (!handler) return;
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'CDK-managed BucketNotificationsHandler custom resource: AWSLambdaBasicExecutionRole only lets it write its own CloudWatch logs. It runs only at deploy time and its role is not configurable.',
    });
  }
}
