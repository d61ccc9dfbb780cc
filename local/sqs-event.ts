/**
 * Builds the SQS event and Lambda context that the Lambda service hands to
 * an SQS-triggered function, field for field, for messages of the local queue.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';

export interface QueuedMessage {
  readonly messageId: string;
  readonly body: string;
  readonly sentTimestamp: number;
  /** Times the message has been received, including the delivery being built. */
  readonly receiveCount: number;
  readonly firstReceiveTimestamp: number;
}

export interface QueueIdentity {
  readonly queueArn: string;
  readonly region: string;
}

export const LOCAL_ACCOUNT_ID = '000000000000';

export const queueArnFor = (queueName: string, region: string): string =>
  `arn:aws:sqs:${region}:${LOCAL_ACCOUNT_ID}:${queueName}`;

export const toSqsRecord = (message: QueuedMessage, queue: QueueIdentity): SQSRecord => ({
  messageId: message.messageId,
  // A new receipt handle for every receive, as SQS does.
  receiptHandle: randomBytes(48).toString('base64'),
  body: message.body,
  attributes: {
    ApproximateReceiveCount: String(message.receiveCount),
    SentTimestamp: String(message.sentTimestamp),
    SenderId: 'AIDALOCALS3NOTIFICATION',
    ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp),
  },
  messageAttributes: {},
  md5OfBody: createHash('md5').update(message.body, 'utf8').digest('hex'),
  eventSource: 'aws:sqs',
  eventSourceARN: queue.queueArn,
  awsRegion: queue.region,
});

export const toSqsEvent = (messages: readonly QueuedMessage[], queue: QueueIdentity): SQSEvent => ({
  Records: messages.map((message) => toSqsRecord(message, queue)),
});

export interface LambdaContextOptions {
  readonly functionName: string;
  readonly region: string;
  readonly memoryLimitInMB?: number;
  readonly timeoutMs?: number;
}

export const createLambdaContext = (options: LambdaContextOptions): Context => {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const awsRequestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: options.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${options.region}:${LOCAL_ACCOUNT_ID}:function:${options.functionName}`,
    memoryLimitInMB: String(options.memoryLimitInMB ?? 1024),
    awsRequestId,
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: `local/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};
