import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The window every alarm evaluates. */
export const ALARM_PERIOD = Duration.minutes(5);

export interface PipelineAlarmsProps {
  /** Its depth above zero means an input failed every delivery. */
  readonly deadLetterQueue: sqs.IQueue;
  /** The queue whose oldest message must not wait too long. */
  readonly articleQueue: sqs.IQueue;
  /** The function whose error rate is watched. */
  readonly ingestFunction: lambda.IFunction;
  /**
   * Alarm when more than this percentage of ingest invocations fail within 5 minutes.
   * @default 5
   */
  readonly errorRatePercent?: number;
  /**
   * Alarm when the oldest message on the article queue is older than this.
   * @default Duration.minutes(15)
   */
  readonly maxQueueAge?: Duration;
  /**
   * Send alarm and recovery notifications to this address (via an encrypted SNS
   * topic; the address must confirm the subscription).
   * @default - no notifications: the alarms only show in CloudWatch
   */
  readonly alarmEmail?: string;
  /**
   * What happens to the topic's KMS key when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The alarms an operator of the pipeline needs: something reached the DLQ, the
 * ingest function fails too often, and ingest falls behind. With `alarmEmail`
 * they notify through an SNS topic that is encrypted with a customer managed
 * KMS key (CloudWatch cannot publish to a topic encrypted with the AWS managed
 * `aws/sns` key) and denies publishing without TLS.
 */
export class PipelineAlarms extends Construct {
  public readonly deadLetterAlarm: cloudwatch.Alarm;
  public readonly errorRateAlarm: cloudwatch.Alarm;
  public readonly queueAgeAlarm: cloudwatch.Alarm;
  /** The three alarms above, for an alarm status widget. */
  public readonly alarms: readonly cloudwatch.Alarm[];
  /** Present only with `alarmEmail`. */
  public readonly topic?: sns.Topic;
  /** Present only with `alarmEmail`. */
  public readonly topicKey?: kms.Key;

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    const errorRatePercent = props.errorRatePercent ?? 5;
    const maxQueueAge = props.maxQueueAge ?? Duration.minutes(15);

    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLetterQueueAlarm', {
      alarmDescription:
        'An article input failed every delivery and is in the dead-letter queue. Inspect it, fix the cause, then run the RedriveCommand stack output.',
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        statistic: cloudwatch.Stats.MAXIMUM,
        period: ALARM_PERIOD,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.errorRateAlarm = new cloudwatch.Alarm(this, 'IngestErrorRateAlarm', {
      alarmDescription: `More than ${errorRatePercent}% of ingest function invocations failed within 5 minutes. See the function's log group.`,
      metric: new cloudwatch.MathExpression({
        // No invocations is no error rate, not a division by zero.
        expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
        usingMetrics: {
          errors: props.ingestFunction.metricErrors({
            statistic: cloudwatch.Stats.SUM,
            period: ALARM_PERIOD,
          }),
          invocations: props.ingestFunction.metricInvocations({
            statistic: cloudwatch.Stats.SUM,
            period: ALARM_PERIOD,
          }),
        },
        label: 'Ingest error rate (%)',
        period: ALARM_PERIOD,
      }),
      threshold: errorRatePercent,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.queueAgeAlarm = new cloudwatch.Alarm(this, 'QueueAgeAlarm', {
      alarmDescription: `The oldest article waiting for ingest is older than ${maxQueueAge.toMinutes()} minutes: ingest is failing, throttled or falling behind.`,
      metric: props.articleQueue.metricApproximateAgeOfOldestMessage({
        statistic: cloudwatch.Stats.MAXIMUM,
        period: ALARM_PERIOD,
      }),
      threshold: maxQueueAge.toSeconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.alarms = [this.deadLetterAlarm, this.errorRateAlarm, this.queueAgeAlarm];

    if (props.alarmEmail !== undefined) {
      this.topicKey = new kms.Key(this, 'AlarmTopicKey', {
        description: 'Encrypts the pipeline alarm topic',
        enableKeyRotation: true,
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      });
      // CloudWatch encrypts the messages it publishes to the topic with this key.
      this.topicKey.grant(
        new iam.ServicePrincipal('cloudwatch.amazonaws.com'),
        'kms:Decrypt',
        'kms:GenerateDataKey*',
      );
      this.topic = new sns.Topic(this, 'AlarmTopic', {
        displayName: 'News pipeline alarms',
        masterKey: this.topicKey,
        enforceSSL: true,
      });
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
      const action = new actions.SnsAction(this.topic);
      for (const alarm of this.alarms) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
  }
}
