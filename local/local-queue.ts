/**
 * A local stand-in for the SQS queue + Lambda event source mapping: it
 * batches messages (up to 10, after a short batching window), invokes the
 * handler one batch at a time, and follows the partial-batch contract:
 * - records listed in `batchItemFailures` are redelivered after the
 *   visibility timeout, the rest are deleted;
 * - a handler that throws, or answers with an unknown/empty item id, fails
 *   the whole batch (as Lambda does);
 * - `ApproximateReceiveCount` grows with every receive, and a message that
 *   fails its `maxReceiveCount`-th receive moves to the dead-letter store, one
 *   JSON line per message in `deadLetterPath`.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import * as path from 'node:path';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createLambdaContext, type QueuedMessage, queueArnFor, toSqsEvent } from './sqs-event';

// biome-ignore lint/suspicious/noConfusingVoidType: Lambda handlers may resolve with nothing.
export type SqsBatchHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export interface LocalQueueOptions {
  readonly handler: SqsBatchHandler;
  /** Where dead-lettered messages are appended as JSON lines. */
  readonly deadLetterPath: string;
  /** @default 'news-ingest-local' */
  readonly queueName?: string;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default 'news-ingest-local' */
  readonly functionName?: string;
  /** @default 10 */
  readonly batchSize?: number;
  /** How long a fresh message waits for batch-mates. @default 200 */
  readonly batchWindowMs?: number;
  /** Delay before a failed message is visible again. @default 1000 */
  readonly visibilityTimeoutMs?: number;
  /** @default 5 */
  readonly maxReceiveCount?: number;
  /** Called after every handler invocation. */
  readonly onDelivery?: (report: DeliveryReport) => void;
  /** Called when the queue itself fails (e.g. the dead-letter file cannot be written). @default stderr */
  readonly onError?: (error: unknown) => void;
}

const reportToStderr = (error: unknown): void => {
  process.stderr.write(`local queue error: ${error instanceof Error ? error.stack : String(error)}\n`);
};

export interface DeliveryReport {
  /** The exact event the handler received (re-invoke with it to simulate a duplicate delivery). */
  readonly event: SQSEvent;
  readonly records: readonly {
    readonly messageId: string;
    readonly body: string;
    readonly receiveCount: number;
  }[];
  readonly succeeded: readonly string[];
  /** Failed and visible again after the visibility timeout. */
  readonly retrying: readonly string[];
  /** Failed for the last time and moved to the dead-letter store. */
  readonly deadLettered: readonly string[];
  /** Set when the whole batch failed (the handler threw or answered with an invalid item id). */
  readonly batchError?: string;
}

export interface DeadLetter {
  readonly messageId: string;
  readonly body: string;
  readonly receiveCount: number;
  readonly sentTimestamp: number;
  readonly deadLetteredAt: string;
  readonly sourceQueueArn: string;
  readonly lastError?: string;
}

interface Entry {
  readonly messageId: string;
  readonly body: string;
  readonly sentTimestamp: number;
  receiveCount: number;
  firstReceiveTimestamp?: number;
  visibleAt: number;
  inFlight: boolean;
}

export class LocalQueue {
  readonly queueArn: string;
  private readonly entries = new Map<string, Entry>();
  private readonly drainWaiters: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private current: Promise<void> | undefined;
  private stopped = false;
  private readonly region: string;
  private readonly batchSize: number;
  private readonly batchWindowMs: number;
  private readonly visibilityTimeoutMs: number;
  private readonly maxReceiveCount: number;

  constructor(private readonly options: LocalQueueOptions) {
    this.region = options.region ?? 'us-east-1';
    this.queueArn = queueArnFor(options.queueName ?? 'news-ingest-local', this.region);
    this.batchSize = options.batchSize ?? 10;
    this.batchWindowMs = options.batchWindowMs ?? 200;
    this.visibilityTimeoutMs = options.visibilityTimeoutMs ?? 1000;
    this.maxReceiveCount = options.maxReceiveCount ?? 5;
  }

  /** Enqueues a message body; returns its message id. */
  send(body: string): string {
    if (this.stopped) throw new Error('The local queue is stopped');
    const messageId = randomUUID();
    this.entries.set(messageId, {
      messageId,
      body,
      sentTimestamp: Date.now(),
      receiveCount: 0,
      visibleAt: Date.now(),
      inFlight: false,
    });
    this.schedule(this.visibleCount() >= this.batchSize ? 0 : this.batchWindowMs);
    return messageId;
  }

  /** Messages waiting or in flight. */
  /**
   * Moves every dead letter back onto the queue with a fresh receive count,
   * like SQS's redrive, once the cause of the failures is fixed. The redriven
   * letters are kept beside the DLQ file as `dlq.redriven-<time>.jsonl`.
   */
  redriveDeadLetters(): number {
    const file = this.options.deadLetterPath;
    if (!existsSync(file)) return 0;
    const letters = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as DeadLetter);
    renameSync(
      file,
      file.replace(/\.jsonl$/, `.redriven-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`),
    );
    for (const letter of letters) this.send(letter.body);
    return letters.length;
  }

  get depth(): number {
    return this.entries.size;
  }

  /** Resolves once every message has been deleted or dead-lettered. */
  drain(timeoutMs = 60_000): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timeout = setTimeout(() => {
        const index = this.drainWaiters.indexOf(done);
        if (index >= 0) this.drainWaiters.splice(index, 1);
        reject(
          new Error(`The local queue still holds ${this.entries.size} message(s) after ${timeoutMs} ms`),
        );
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timeout);
        resolve();
      };
      this.drainWaiters.push(done);
    });
  }

  /** Stops delivering; waits for the batch being handled. Undelivered messages are dropped. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.current;
  }

  private isIdle(): boolean {
    return this.entries.size === 0 && this.current === undefined;
  }

  private visibleCount(now = Date.now()): number {
    let count = 0;
    for (const entry of this.entries.values()) if (!entry.inFlight && entry.visibleAt <= now) count += 1;
    return count;
  }

  private schedule(delayMs: number): void {
    if (this.stopped || this.current) return;
    const at = Date.now() + Math.max(0, delayMs);
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
      this.poll();
    }, delayMs);
  }

  private poll(): void {
    if (this.stopped || this.current) return;
    const now = Date.now();
    const batch = [...this.entries.values()]
      .filter((entry) => !entry.inFlight && entry.visibleAt <= now)
      .sort((a, b) => a.sentTimestamp - b.sentTimestamp)
      .slice(0, this.batchSize);
    if (batch.length === 0) {
      this.scheduleNext();
      return;
    }
    this.current = this.deliver(batch)
      .catch((error: unknown) => (this.options.onError ?? reportToStderr)(error))
      .finally(() => {
        this.current = undefined;
        if (this.isIdle()) {
          for (const waiter of this.drainWaiters.splice(0)) waiter();
        } else {
          this.scheduleNext();
        }
      });
  }

  private scheduleNext(): void {
    let earliest = Number.POSITIVE_INFINITY;
    for (const entry of this.entries.values())
      if (!entry.inFlight) earliest = Math.min(earliest, entry.visibleAt);
    if (earliest !== Number.POSITIVE_INFINITY) this.schedule(earliest - Date.now());
  }

  private async deliver(batch: Entry[]): Promise<void> {
    const now = Date.now();
    for (const entry of batch) {
      entry.inFlight = true;
      entry.receiveCount += 1;
      entry.firstReceiveTimestamp ??= now;
    }
    const messages: QueuedMessage[] = batch.map((entry) => ({
      messageId: entry.messageId,
      body: entry.body,
      sentTimestamp: entry.sentTimestamp,
      receiveCount: entry.receiveCount,
      firstReceiveTimestamp: entry.firstReceiveTimestamp ?? now,
    }));
    const event = toSqsEvent(messages, { queueArn: this.queueArn, region: this.region });
    const context = createLambdaContext({
      functionName: this.options.functionName ?? 'news-ingest-local',
      region: this.region,
    });

    let failed: Set<string>;
    let batchError: string | undefined;
    try {
      const response = await this.options.handler(event, context);
      const ids = new Set(batch.map((entry) => entry.messageId));
      const failures = response?.batchItemFailures ?? [];
      const invalid = failures.find((failure) => !failure.itemIdentifier || !ids.has(failure.itemIdentifier));
      if (invalid) {
        batchError = `batchItemFailures names an unknown item "${invalid.itemIdentifier ?? ''}"`;
        failed = ids;
      } else {
        failed = new Set(failures.map((failure) => failure.itemIdentifier));
      }
    } catch (error) {
      batchError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      failed = new Set(batch.map((entry) => entry.messageId));
    }

    const succeeded: string[] = [];
    const retrying: string[] = [];
    const deadLettered: string[] = [];
    for (const entry of batch) {
      entry.inFlight = false;
      if (!failed.has(entry.messageId)) {
        this.entries.delete(entry.messageId);
        succeeded.push(entry.messageId);
      } else if (entry.receiveCount >= this.maxReceiveCount) {
        this.entries.delete(entry.messageId);
        this.deadLetter(entry, batchError);
        deadLettered.push(entry.messageId);
      } else {
        entry.visibleAt = Date.now() + this.visibilityTimeoutMs;
        retrying.push(entry.messageId);
      }
    }
    this.options.onDelivery?.({
      event,
      records: messages.map(({ messageId, body, receiveCount }) => ({ messageId, body, receiveCount })),
      succeeded,
      retrying,
      deadLettered,
      ...(batchError ? { batchError } : {}),
    });
  }

  private deadLetter(entry: Entry, lastError: string | undefined): void {
    const letter: DeadLetter = {
      messageId: entry.messageId,
      body: entry.body,
      receiveCount: entry.receiveCount,
      sentTimestamp: entry.sentTimestamp,
      deadLetteredAt: new Date().toISOString(),
      sourceQueueArn: this.queueArn,
      ...(lastError ? { lastError } : {}),
    };
    mkdirSync(path.dirname(this.options.deadLetterPath), { recursive: true });
    appendFileSync(this.options.deadLetterPath, `${JSON.stringify(letter)}\n`);
  }
}
