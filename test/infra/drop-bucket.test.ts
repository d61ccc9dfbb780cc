import { Match } from 'aws-cdk-lib/assertions';
import { arnOf, type CfnJson, refOf, removeTestOutdirs, resourceOf, synthIngestStack } from './infra-helpers';

afterAll(removeTestOutdirs);

describe('drop bucket', () => {
  const { stack, template } = synthIngestStack();
  const dropBucket = stack.dropBucket.bucket;
  const logBucket = stack.dropBucket.accessLogBucket;
  const bothBuckets = [
    ['drop bucket', dropBucket],
    ['access log bucket', logBucket],
  ] as const;

  it.each(bothBuckets)('%s blocks all public access', (_name, bucket) => {
    expect(resourceOf(template, bucket).Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
  });

  it.each(bothBuckets)('%s encrypts objects at rest', (_name, bucket) => {
    expect(resourceOf(template, bucket).Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
  });

  it.each(bothBuckets)('%s denies requests that do not use TLS', (_name, bucket) => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: refOf(bucket),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('keeps earlier versions of an overwritten article', () => {
    expect(resourceOf(template, dropBucket).Properties.VersioningConfiguration).toEqual({
      Status: 'Enabled',
    });
  });

  it('expires noncurrent versions after the configured number of days', () => {
    const rules: CfnJson[] = resourceOf(template, dropBucket).Properties.LifecycleConfiguration.Rules;
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 30 } }),
      ]),
    );
    const custom = synthIngestStack({ noncurrentVersionExpirationDays: 7 });
    expect(
      resourceOf(custom.template, custom.stack.dropBucket.bucket).Properties.LifecycleConfiguration.Rules,
    ).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 7 } }),
      ]),
    );
  });

  it('writes server access logs to the separate log bucket', () => {
    expect(resourceOf(template, dropBucket).Properties.LoggingConfiguration).toEqual(
      expect.objectContaining({ DestinationBucketName: refOf(logBucket) }),
    );
  });

  it('sends ObjectCreated events under the drop prefix, and only those, to the article queue', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: refOf(dropBucket),
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }] } },
            QueueArn: arnOf(stack.articleQueue.queue),
          },
        ],
      },
    });
  });

  it('filters notifications with a configured prefix', () => {
    const custom = synthIngestStack({ dropPrefix: 'inbox/2024/' });
    custom.template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: [
          Match.objectLike({ Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'inbox/2024/' }] } } }),
        ],
      },
    });
  });

  it('retains both buckets and their data by default', () => {
    for (const bucket of [dropBucket, logBucket]) {
      expect(resourceOf(template, bucket)).toMatchObject({
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    }
    expect(template.findResources('Custom::S3AutoDeleteObjects')).toEqual({});
  });

  it('empties and deletes both buckets with the stack when removalPolicy is destroy', () => {
    const custom = synthIngestStack({ removalPolicy: 'destroy' });
    for (const bucket of [custom.stack.dropBucket.bucket, custom.stack.dropBucket.accessLogBucket]) {
      expect(resourceOf(custom.template, bucket)).toMatchObject({ DeletionPolicy: 'Delete' });
      custom.template.hasResourceProperties('Custom::S3AutoDeleteObjects', { BucketName: refOf(bucket) });
    }
  });
});
