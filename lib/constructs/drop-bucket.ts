import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface DropBucketProps {
  /** Receives one message per object created under `prefix`. */
  readonly queue: sqs.IQueue;
  /**
   * Only objects created under this key prefix raise events.
   * @default 'incoming/'
   */
  readonly prefix?: string;
  /**
   * Days after which a replaced or deleted object version is removed.
   * @default 30
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Days after which server access logs are removed from the log bucket.
   * @default 365
   */
  readonly accessLogExpirationDays?: number;
  /**
   * What happens to both buckets when they leave the stack. With DESTROY the
   * buckets are emptied first (autoDeleteObjects), otherwise they are kept.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The bucket analysts drop articles into, and its server access log bucket.
 *
 * Secure defaults: all public access blocked, requests without TLS denied,
 * versioning (an overwritten article can be recovered; noncurrent versions
 * expire), server access logs, and S3-managed encryption (SSE-S3). The log
 * bucket has the same protections except its own access logs (cdk-nag S1
 * accepts a bucket that is the log target of another).
 *
 * Why SSE-S3 and not SSE-KMS: objects are encrypted at rest either way, and
 * SSE-S3 needs no key policy and no kms:Decrypt grant next to the narrow
 * s3:GetObject grant, costs nothing per request, and cannot break the
 * S3 -> SQS notification path. The log bucket must be SSE-S3 in any case:
 * S3 server access log delivery does not support SSE-KMS target buckets.
 */
export class DropBucket extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly accessLogBucket: s3.Bucket;
  /** The key prefix that raises ObjectCreated events. */
  public readonly prefix: string;

  constructor(scope: Construct, id: string, props: DropBucketProps) {
    super(scope, id);
    this.prefix = props.prefix ?? 'incoming/';
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const autoDeleteObjects = removalPolicy === RemovalPolicy.DESTROY;

    this.accessLogBucket = new s3.Bucket(this, 'AccessLogBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      // Object ownership is left to CDK: with the `@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy`
      // flag (cdk.json) log delivery is granted by a bucket policy instead of an ACL.
      lifecycleRules: [
        { id: 'ExpireAccessLogs', expiration: Duration.days(props.accessLogExpirationDays ?? 365) },
      ],
      removalPolicy,
      autoDeleteObjects,
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [
        {
          id: 'ExpireNoncurrentVersions',
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionExpirationDays ?? 30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'drop-bucket/',
      removalPolicy,
      autoDeleteObjects,
    });

    this.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(props.queue), {
      prefix: this.prefix,
    });
  }
}
