import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { FACET_INDEX } from '../../schema/article-table';
import {
  bindDropPrefix,
  createPipelineFunction,
  METRICS_NAMESPACE,
  REPO_ROOT,
} from './node-function-defaults';

/** Powertools service name of the query API function. */
export const QUERY_SERVICE_NAME = 'news-query-api';

/**
 * The DynamoDB actions the query adapter needs: GetItem (one article, one upload)
 * and Query (facet listings on the index, counter series on the base table).
 * No Scan, and no write action of any kind.
 */
export const QUERY_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query'] as const;

/** HeadObject is authorised by s3:GetObject; it tells PENDING (object present, no record yet) from NOT_FOUND. */
export const QUERY_OBJECT_ACTIONS = ['s3:GetObject'] as const;

export interface QueryFunctionProps {
  /**
   * Handler source file, bundled by the local esbuild.
   * @default lambdas/api/handler.ts
   */
  readonly entry?: string;
  /**
   * Function timeout. An HTTP API waits at most 30 seconds for its integration.
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /**
   * Function memory in MB (also scales its CPU share, and so cold starts and JSON encoding).
   * @default 1024
   */
  readonly memorySize?: number;
  /**
   * Retention of the function's log group.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The query API Lambda function (API Gateway HTTP API, payload 2.0): Node.js 22
 * on arm64, bundled like every function of the pipeline (`nodeFunctionDefaults`),
 * X-Ray tracing, its own log group with a retention.
 *
 * It is read-only. Permissions are granted only through the `bind*` methods,
 * which set the environment variable and the IAM grant together. The role has
 * no AWS managed policy: it may write to its own log group only.
 */
export class QueryFunction extends Construct {
  public readonly function: nodejs.NodejsFunction;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: QueryFunctionProps = {}) {
    super(scope, id);

    const parts = createPipelineFunction(this, {
      entry: props.entry ?? path.join(REPO_ROOT, 'lambdas', 'api', 'handler.ts'),
      roleDescription:
        'Query API function: read the article table and check for uploads under the drop prefix.',
      timeout: props.timeout ?? Duration.seconds(10),
      memorySize: props.memorySize ?? 1024,
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      environment: {
        POWERTOOLS_SERVICE_NAME: QUERY_SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
    });
    this.logGroup = parts.logGroup;
    this.role = parts.role;
    this.function = parts.function;
  }

  /**
   * Sets TABLE_NAME and grants exactly QUERY_TABLE_ACTIONS on the table (counter
   * series are Queries on the base table) and on the named indexes (facet listings).
   * @param indexNames default: the facet index of `schema/article-table.ts`
   */
  public bindTable(table: dynamodb.ITable, indexNames: readonly string[] = [FACET_INDEX]): void {
    this.function.addEnvironment('TABLE_NAME', table.tableName);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [...QUERY_TABLE_ACTIONS],
        resources: [table.tableArn, ...indexNames.map((name) => `${table.tableArn}/index/${name}`)],
      }),
    );
  }

  /**
   * Sets DROP_BUCKET and DROP_PREFIX and grants s3:GetObject (which authorises
   * HeadObject) on `<bucket>/<prefix>*`, plus s3:ListBucket limited to that prefix,
   * without which S3 answers a missing key with 403 instead of 404 and NOT_FOUND
   * could not be told from a permissions fault. Nothing else in S3.
   */
  public bindDropBucket(bucket: s3.IBucket, prefix: string): void {
    bindDropPrefix(
      this.function,
      this.role,
      bucket,
      prefix,
      QUERY_OBJECT_ACTIONS,
      ", used for HeadObject to report an upload's status",
    );
  }
}
