import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** How many times the consumer's timeout the visibility timeout is (AWS guidance for Lambda event sources). */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

export interface ArticleQueueProps {
  /**
   * Timeout of the function that consumes the queue. The visibility timeout is
   * six times this, so a message is not redelivered while a slow batch (plus
   * the event source's retries) is still working on it.
   */
  readonly consumerTimeout: Duration;
  /**
   * Deliveries of one message before it moves to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * How long failed messages wait in the dead-letter queue for inspection or redrive.
   * @default Duration.days(14) (the SQS maximum)
   */
  readonly deadLetterRetention?: Duration;
}

/**
 * The queue of S3 ObjectCreated events awaiting ingest, with its dead-letter queue.
 *
 * Both queues use SQS-managed server-side encryption (SSE-SQS). S3 event
 * notifications cannot be delivered to a queue encrypted with the AWS managed
 * `aws/sqs` KMS key, and a customer managed key would need a key policy for
 * S3 and kms:Decrypt for the function; SSE-SQS encrypts at rest with neither.
 * Both queues deny any request that is not over TLS.
 */
export class ArticleQueue extends Construct {
  /** Receives one message per S3 ObjectCreated notification under the drop prefix. */
  public readonly queue: sqs.Queue;
  /** Messages that failed `maxReceiveCount` times. */
  public readonly deadLetterQueue: sqs.Queue;
  public readonly maxReceiveCount: number;

  constructor(scope: Construct, id: string, props: ArticleQueueProps) {
    super(scope, id);
    this.maxReceiveCount = props.maxReceiveCount ?? 5;

    this.deadLetterQueue = new sqs.Queue(this, 'ArticleDeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: props.deadLetterRetention ?? Duration.days(14),
    });

    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * VISIBILITY_TIMEOUT_FACTOR),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: this.maxReceiveCount },
    });
  }
}
