import { Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import {
  arnOf,
  type CfnJson,
  logicalIdOf,
  refOf,
  removeTestOutdirs,
  resourceOf,
  synthIngestStack,
} from './infra-helpers';

afterAll(removeTestOutdirs);

const queueNameOf = (queue: IConstruct) => [
  { Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(queue), 'QueueName'] } },
];

describe('pipeline alarms', () => {
  const { stack, template } = synthIngestStack();
  const { alarms } = stack;
  const alarm = (a: typeof alarms.deadLetterAlarm) => resourceOf(template, a).Properties;

  it('alarms as soon as one message is in the dead-letter queue', () => {
    const dlq = stack.articleQueue.deadLetterQueue;
    expect(alarm(alarms.deadLetterAlarm)).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: queueNameOf(dlq),
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  it('alarms when more than 5% of ingest invocations fail within 5 minutes', () => {
    const props = alarm(alarms.errorRateAlarm);
    expect(props).toMatchObject({
      Threshold: 5,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
    });
    const metrics: CfnJson[] = props.Metrics;
    const expression = metrics.find((m) => m.Expression);
    expect(expression).toMatchObject({ ReturnData: true });
    expect(expression.Expression).toMatch(/100 \* errors \/ invocations/);
    const fn = refOf(stack.ingestFunction.function);
    for (const name of ['Errors', 'Invocations']) {
      expect(metrics).toContainEqual({
        Id: name.toLowerCase(),
        MetricStat: {
          Metric: {
            Namespace: 'AWS/Lambda',
            MetricName: name,
            Dimensions: [{ Name: 'FunctionName', Value: fn }],
          },
          Period: 300,
          Stat: 'Sum',
        },
        ReturnData: false,
      });
    }
  });

  it('alarms when the oldest message on the article queue is older than 15 minutes', () => {
    expect(alarm(alarms.queueAgeAlarm)).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: queueNameOf(stack.articleQueue.queue),
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 15 * 60,
    });
  });

  it('uses the configured error rate and queue age thresholds', () => {
    const custom = synthIngestStack({ errorRateAlarmPercent: '2.5', queueAgeAlarmMinutes: '60' });
    const a = custom.stack.alarms;
    expect(resourceOf(custom.template, a.errorRateAlarm).Properties.Threshold).toBe(2.5);
    expect(resourceOf(custom.template, a.queueAgeAlarm).Properties.Threshold).toBe(3600);
  });

  it('notifies no one when no alarm email is configured', () => {
    for (const a of alarms.alarms) {
      expect(alarm(a).AlarmActions).toBeUndefined();
      expect(alarm(a).OKActions).toBeUndefined();
    }
    expect(template.findResources('AWS::SNS::Topic')).toEqual({});
  });
});

describe('pipeline alarms with an alarm email', () => {
  const { stack, template } = synthIngestStack({ alarmEmail: 'ops@example.org' });
  const { topic, topicKey } = stack.alarms;
  if (!topic || !topicKey) throw new Error('alarmEmail must create the alarm topic and its key');

  it('sends every alarm and its recovery to the topic', () => {
    for (const a of stack.alarms.alarms) {
      expect(resourceOf(template, a).Properties).toMatchObject({
        AlarmActions: [refOf(topic)],
        OKActions: [refOf(topic)],
      });
    }
  });

  it('subscribes the email address to the topic', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.org',
      TopicArn: refOf(topic),
    });
    template.hasOutput('AlarmTopicArn', { Value: refOf(topic) });
  });

  it('encrypts the topic with a rotating customer managed key that CloudWatch may use', () => {
    expect(resourceOf(template, topic).Properties.KmsMasterKeyId).toEqual(arnOf(topicKey));
    const key = resourceOf(template, topicKey).Properties;
    expect(key.EnableKeyRotation).toBe(true);
    expect(key.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    );
  });

  it('denies publishing to the topic without TLS', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [refOf(topic)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});
