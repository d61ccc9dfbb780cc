import { Match } from 'aws-cdk-lib/assertions';
import { arnOf, refOf, removeTestOutdirs, resourceOf, synthIngestStack } from './infra-helpers';

afterAll(removeTestOutdirs);

describe('article queue and dead-letter queue', () => {
  const { stack, template } = synthIngestStack();
  const { queue, deadLetterQueue } = stack.articleQueue;
  const bothQueues = [
    ['article queue', queue],
    ['dead-letter queue', deadLetterQueue],
  ] as const;

  it.each(bothQueues)('%s encrypts messages with SQS-managed keys (deliverable from S3)', (_name, q) => {
    const props = resourceOf(template, q).Properties;
    expect(props.SqsManagedSseEnabled).toBe(true);
    expect(props.KmsMasterKeyId).toBeUndefined();
  });

  it.each(bothQueues)('%s denies requests that do not use TLS', (_name, q) => {
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [refOf(q)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('moves a message to the dead-letter queue after maxReceiveCount deliveries', () => {
    expect(resourceOf(template, queue).Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: arnOf(deadLetterQueue),
      maxReceiveCount: 5,
    });
    const custom = synthIngestStack({ maxReceiveCount: 3 });
    expect(
      resourceOf(custom.template, custom.stack.articleQueue.queue).Properties.RedrivePolicy,
    ).toMatchObject({
      maxReceiveCount: 3,
    });
  });

  it('keeps dead-lettered messages for 14 days', () => {
    expect(resourceOf(template, deadLetterQueue).Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });

  it.each([{}, { functionTimeoutSeconds: 120 }])(
    'hides a message at least 6x the function timeout while it is processed (%j)',
    (config) => {
      const s = synthIngestStack(config);
      const visibility: number = resourceOf(s.template, s.stack.articleQueue.queue).Properties
        .VisibilityTimeout;
      const timeout: number = resourceOf(s.template, s.stack.ingestFunction.function).Properties.Timeout;
      expect(timeout).toBeGreaterThan(0);
      expect(visibility).toBeGreaterThanOrEqual(6 * timeout);
    },
  );

  it('lets S3 send messages only on behalf of the drop bucket', () => {
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [refOf(queue)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Condition: { ArnLike: { 'aws:SourceArn': arnOf(stack.dropBucket.bucket) } },
          }),
        ]),
      },
    });
  });
});
