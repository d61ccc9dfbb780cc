import { Duration, Stack } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The EMF metrics the ingest handler emits through Powertools Metrics (dimension `service`). */
export const INGEST_OUTCOME_METRICS = [
  'ArticlesIngested',
  'ArticlesRejected',
  'ArticlesFailed',
  'DuplicateDeliveries',
] as const;

/**
 * A CloudWatch SEARCH expression over one EMF metric that has one extra dimension
 * (a topic, an alignment): one series per dimension value, so a value seen for
 * the first time appears on the dashboard without a deploy.
 */
export function searchByDimension(
  namespace: string,
  serviceName: string,
  metricName: string,
  dimension: string,
  period: Duration,
): string {
  return `SEARCH('{${namespace},service,${dimension}} MetricName="${metricName}" service="${serviceName}"', 'Sum', ${period.toSeconds()})`;
}

/** A CloudWatch dynamic label that shows a series' value of `dimension`. */
export function dynamicDimensionLabel(dimension: string): string {
  return `\${PROP('Dim.${dimension}')}`;
}

export interface PipelineDashboardProps {
  readonly ingestFunction: lambda.IFunction;
  readonly articleQueue: sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;
  readonly httpApi: apigwv2.IHttpApi;
  /**
   * Shown in an alarm status widget at the top.
   * @default - no alarm widget
   */
  readonly alarms?: readonly cloudwatch.IAlarm[];
  /**
   * Namespace of the EMF metrics.
   * @default 'NewsPipeline'
   */
  readonly metricsNamespace?: string;
  /**
   * Powertools service name of the ingest function (the `service` dimension).
   * @default 'news-ingest'
   */
  readonly ingestServiceName?: string;
  /**
   * Period of the operational graphs.
   * @default Duration.minutes(5)
   */
  readonly period?: Duration;
  /**
   * Period of the topic and alignment counts.
   * @default Duration.hours(1)
   */
  readonly countsPeriod?: Duration;
}

/**
 * The pipeline's CloudWatch dashboard: articles ingested / rejected / failed and
 * duplicate deliveries, topic and alignment counts, dead-letter queue depth and
 * queue age, ingest function errors / throttles / duration, and query API
 * errors and latency. Exact counts live in the table (query API); these metrics
 * are operational signals.
 */
export class PipelineDashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;
  /** Opens the dashboard in the CloudWatch console. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: PipelineDashboardProps) {
    super(scope, id);
    const namespace = props.metricsNamespace ?? 'NewsPipeline';
    const service = props.ingestServiceName ?? 'news-ingest';
    const period = props.period ?? Duration.minutes(5);
    const countsPeriod = props.countsPeriod ?? Duration.hours(1);
    const sum = cloudwatch.Stats.SUM;
    const max = cloudwatch.Stats.MAXIMUM;
    const fn = props.ingestFunction;
    const api = props.httpApi;

    const outcome = (metricName: string) =>
      new cloudwatch.Metric({ namespace, metricName, dimensionsMap: { service }, statistic: sum, period });
    // A dynamic label names each series after its dimension value (the topic, the alignment).
    const search = (metricName: string, dimension: string) =>
      new cloudwatch.MathExpression({
        expression: searchByDimension(namespace, service, metricName, dimension, countsPeriod),
        usingMetrics: {},
        label: dynamicDimensionLabel(dimension),
        period: countsPeriod,
      });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(7),
    });

    if (props.alarms && props.alarms.length > 0) {
      this.dashboard.addWidgets(
        new cloudwatch.AlarmStatusWidget({
          title: 'Alarms',
          alarms: [...props.alarms],
          width: 24,
          height: 3,
        }),
      );
    }
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Articles ingested, rejected, failed, duplicate deliveries',
        left: INGEST_OUTCOME_METRICS.map(outcome),
        width: 24,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Articles by topic',
        left: [search('ArticlesByTopic', 'Topic')],
        stacked: true,
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Articles by alignment',
        left: [search('ArticlesByAlignment', 'Alignment')],
        stacked: true,
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Dead-letter queue depth',
        left: [props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: max, period })],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Article queue: age of oldest message (s)',
        left: [props.articleQueue.metricApproximateAgeOfOldestMessage({ statistic: max, period })],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Ingest function errors and throttles',
        left: [fn.metricErrors({ statistic: sum, period }), fn.metricThrottles({ statistic: sum, period })],
        right: [fn.metricInvocations({ statistic: sum, period })],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Ingest function duration (ms)',
        left: [
          fn.metricDuration({ statistic: cloudwatch.Stats.AVERAGE, period }),
          fn.metricDuration({ statistic: cloudwatch.Stats.p(99), period }),
          fn.metricDuration({ statistic: max, period }),
        ],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Query API 4xx and 5xx',
        left: [
          api.metricClientError({ statistic: sum, period, label: '4xx' }),
          api.metricServerError({ statistic: sum, period, label: '5xx' }),
        ],
        right: [api.metricCount({ statistic: sum, period, label: 'Requests' })],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Query API latency (ms)',
        left: [
          api.metricLatency({ statistic: cloudwatch.Stats.p(50), period }),
          api.metricLatency({ statistic: cloudwatch.Stats.p(99), period }),
        ],
        width: 12,
      }),
    );

    const region = Stack.of(this).region;
    this.url = `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards:name=${this.dashboard.dashboardName}`;
  }
}
