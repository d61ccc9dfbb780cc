/**
 * The one typed configuration of the pipeline stack.
 *
 * `bin/app.ts` builds it once from CDK context (`npx cdk deploy -c dropPrefix=inbox/`)
 * and passes it down through props. Constructs never read context themselves.
 */

/** What happens to the bucket and the table when the stack is deleted. */
export type RemovalPolicyName = 'retain' | 'destroy';

/** How query API callers authenticate. */
export type ApiAuthName = 'iam' | 'api-key';

export interface PipelineConfig {
  /**
   * Key prefix in the drop bucket that is ingested. Only objects created under it
   * raise events, and the function may read only keys under it.
   * Must end with `/`.
   * @default 'incoming/'
   */
  readonly dropPrefix: string;
  /**
   * `retain` keeps the buckets and the table (and their data) when the stack is
   * deleted; `destroy` deletes them, emptying the buckets first.
   * @default 'retain'
   */
  readonly removalPolicy: RemovalPolicyName;
  /**
   * DynamoDB deletion protection on the article table.
   * @default true, or false when removalPolicy is 'destroy'
   */
  readonly deletionProtection: boolean;
  /**
   * Days after which a replaced or deleted version of a dropped article is removed.
   * @default 30
   */
  readonly noncurrentVersionExpirationDays: number;
  /**
   * Deliveries of one message before it moves to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount: number;
  /**
   * Ingest function timeout. The queue's visibility timeout is six times this.
   * A batch of ten objects near the size limit, or a bulk file of a few
   * thousand lines, needs most of a minute.
   * @default 60
   */
  readonly functionTimeoutSeconds: number;
  /**
   * Ingest function memory (also scales its CPU share).
   * @default 1024
   */
  readonly functionMemoryMb: number;
  /**
   * Maximum SQS messages per function invocation.
   * @default 10
   */
  readonly batchSize: number;
  /**
   * How long SQS may gather messages before invoking the function.
   * @default 5
   */
  readonly maxBatchingWindowSeconds: number;
  /**
   * Retention of the ingest function's log group. Must be a CloudWatch Logs retention value.
   * @default 30
   */
  readonly logRetentionDays: number;
  /**
   * Objects larger than this are rejected without being read.
   * @default 10485760 (10 MiB)
   */
  readonly maxObjectBytes: number;
  /**
   * How query API callers authenticate. `iam`: every request is signed with SigV4
   * by a principal allowed `execute-api:Invoke` on the API. `api-key`: every request
   * carries the `x-api-key` header, checked by a Lambda authorizer against a key the
   * stack generates in Secrets Manager (for dashboard tools that cannot sign requests).
   * @default 'iam'
   */
  readonly apiAuth: ApiAuthName;
  /**
   * Steady-state request rate of the query API (requests per second, whole stage).
   * @default 20
   */
  readonly apiThrottleRate: number;
  /**
   * Requests the query API accepts in a burst above the steady rate.
   * @default 50
   */
  readonly apiThrottleBurst: number;
  /**
   * Email address that receives alarm and recovery notifications (the address must
   * confirm the SNS subscription). Unset: the alarms exist but notify no one.
   * @default undefined (no notifications)
   */
  readonly alarmEmail?: string;
  /**
   * Alarm when more than this percentage of ingest invocations fail within 5 minutes.
   * @default 5
   */
  readonly errorRateAlarmPercent: number;
  /**
   * Alarm when the oldest message on the article queue is older than this many minutes.
   * @default 15
   */
  readonly queueAgeAlarmMinutes: number;
}

export const DEFAULT_PIPELINE_CONFIG: PipelineConfig = {
  dropPrefix: 'incoming/',
  removalPolicy: 'retain',
  deletionProtection: true,
  noncurrentVersionExpirationDays: 30,
  maxReceiveCount: 5,
  functionTimeoutSeconds: 60,
  functionMemoryMb: 1024,
  batchSize: 10,
  maxBatchingWindowSeconds: 5,
  logRetentionDays: 30,
  maxObjectBytes: 10 * 1024 * 1024,
  apiAuth: 'iam',
  apiThrottleRate: 20,
  apiThrottleBurst: 50,
  alarmEmail: undefined,
  errorRateAlarmPercent: 5,
  queueAgeAlarmMinutes: 15,
};

/** The CloudWatch Logs retention periods (days) that CloudFormation accepts. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export class PipelineConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PipelineConfigError';
  }
}

/** Raw values as they arrive from CDK context: strings from `-c key=value`, or JSON values from cdk.json. */
export type PipelineConfigInput = { readonly [K in keyof PipelineConfig]?: unknown };

export const PIPELINE_CONFIG_KEYS = Object.keys(DEFAULT_PIPELINE_CONFIG) as (keyof PipelineConfig)[];

/**
 * Reads every config key through `get` (in `bin/app.ts`: `app.node.tryGetContext`),
 * then validates. Unset keys take their defaults.
 */
export function pipelineConfigFromContext(get: (key: string) => unknown): PipelineConfig {
  const input: Record<string, unknown> = {};
  for (const key of PIPELINE_CONFIG_KEYS) {
    const value = get(key);
    if (value !== undefined) input[key] = value;
  }
  return buildPipelineConfig(input);
}

/**
 * Applies defaults and validates. Throws one PipelineConfigError that lists every bad value.
 */
export function buildPipelineConfig(input: PipelineConfigInput = {}): PipelineConfig {
  const problems: string[] = [];
  const d = DEFAULT_PIPELINE_CONFIG;

  const dropPrefix = str(input.dropPrefix, d.dropPrefix);
  const prefixProblem = checkPrefix(dropPrefix);
  if (prefixProblem) problems.push(prefixProblem);

  const removalPolicy = str(input.removalPolicy, d.removalPolicy);
  if (removalPolicy !== 'retain' && removalPolicy !== 'destroy') {
    problems.push(`removalPolicy must be 'retain' or 'destroy', got '${removalPolicy}'.`);
  }

  const deletionProtection = bool(
    'deletionProtection',
    input.deletionProtection,
    removalPolicy !== 'destroy',
    problems,
  );
  if (removalPolicy === 'destroy' && deletionProtection) {
    problems.push(
      "removalPolicy 'destroy' needs deletionProtection false: a protected table cannot be deleted with the stack.",
    );
  }

  const int = (key: keyof PipelineConfig, fallback: number, min: number, max: number, unit = ''): number =>
    integer(key, input[key], fallback, min, max, unit, problems);

  const functionTimeoutSeconds = int('functionTimeoutSeconds', d.functionTimeoutSeconds, 1, 900, ' seconds');
  const functionMemoryMb = int('functionMemoryMb', d.functionMemoryMb, 128, 10240, ' MB');
  const maxBatchingWindowSeconds = int(
    'maxBatchingWindowSeconds',
    d.maxBatchingWindowSeconds,
    0,
    300,
    ' seconds',
  );
  const batchSize = int('batchSize', d.batchSize, 1, 10000);
  if (batchSize > 10 && maxBatchingWindowSeconds < 1) {
    problems.push(
      'batchSize above 10 needs maxBatchingWindowSeconds of at least 1 (an SQS event source limit).',
    );
  }
  const logRetentionDays = int('logRetentionDays', d.logRetentionDays, 1, 3653, ' days');
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(logRetentionDays)) {
    problems.push(
      `logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(', ')}; got ${logRetentionDays}.`,
    );
  }
  const maxObjectBytes = int('maxObjectBytes', d.maxObjectBytes, 1, 2 ** 30, ' bytes');
  if (maxObjectBytes * 2 > functionMemoryMb * 1024 * 1024) {
    problems.push(
      `maxObjectBytes (${maxObjectBytes}) must be at most half of functionMemoryMb (${functionMemoryMb} MB) so an article fits in memory.`,
    );
  }

  const apiAuth = str(input.apiAuth, d.apiAuth);
  if (apiAuth !== 'iam' && apiAuth !== 'api-key') {
    problems.push(`apiAuth must be 'iam' or 'api-key', got '${apiAuth}'.`);
  }
  // API Gateway's default account limits are 10,000 requests per second and a burst of 5,000.
  const apiThrottleRate = int('apiThrottleRate', d.apiThrottleRate, 1, 10000, ' requests per second');
  const apiThrottleBurst = int('apiThrottleBurst', d.apiThrottleBurst, 1, 5000, ' requests');
  const alarmEmail = input.alarmEmail === undefined ? undefined : String(input.alarmEmail);
  if (alarmEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(alarmEmail)) {
    problems.push(`alarmEmail must be an email address such as ops@example.org, got '${alarmEmail}'.`);
  }
  const errorRateAlarmPercent = percentage(
    'errorRateAlarmPercent',
    input.errorRateAlarmPercent,
    d.errorRateAlarmPercent,
    problems,
  );
  // SQS keeps a message at most 14 days.
  const queueAgeAlarmMinutes = int('queueAgeAlarmMinutes', d.queueAgeAlarmMinutes, 1, 20160, ' minutes');

  const config: PipelineConfig = {
    dropPrefix,
    removalPolicy: removalPolicy as RemovalPolicyName,
    deletionProtection,
    noncurrentVersionExpirationDays: int(
      'noncurrentVersionExpirationDays',
      d.noncurrentVersionExpirationDays,
      1,
      3650,
      ' days',
    ),
    // SQS accepts 1..1000; a bounded count keeps a poison message from looping for days.
    maxReceiveCount: int('maxReceiveCount', d.maxReceiveCount, 1, 1000),
    functionTimeoutSeconds,
    functionMemoryMb,
    batchSize,
    maxBatchingWindowSeconds,
    logRetentionDays,
    maxObjectBytes,
    apiAuth: apiAuth as ApiAuthName,
    apiThrottleRate,
    apiThrottleBurst,
    alarmEmail,
    errorRateAlarmPercent,
    queueAgeAlarmMinutes,
  };

  if (problems.length > 0) {
    throw new PipelineConfigError(`Invalid pipeline configuration:\n- ${problems.join('\n- ')}`);
  }
  return config;
}

/** Returns a description of what is wrong with a drop prefix, or undefined if it is fine. */
function checkPrefix(prefix: string): string | undefined {
  const shown = `dropPrefix '${prefix}'`;
  if (prefix.length === 0) return `${shown} must not be empty (for example 'incoming/').`;
  if (prefix.startsWith('/')) return `${shown} must not start with '/' (S3 keys have no leading slash).`;
  if (!prefix.endsWith('/')) return `${shown} must end with '/' (did you mean '${prefix}/'?).`;
  if (prefix.includes('//')) return `${shown} must not contain '//'.`;
  if (prefix.length > 512) return `${shown} is longer than 512 characters.`;
  // Safe S3 key characters only; '*' and '?' would widen the IAM grant on `${prefix}*`.
  if (!/^[A-Za-z0-9!_.'()/-]+$/.test(prefix)) {
    return `${shown} may only contain letters, digits, '/' and ! - _ . ' ( ) (no spaces, '*' or '?').`;
  }
  return undefined;
}

function str(value: unknown, fallback: string): string {
  return value === undefined ? fallback : String(value);
}

function bool(key: string, value: unknown, fallback: boolean, problems: string[]): boolean {
  if (value === undefined) return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  problems.push(`${key} must be true or false, got '${String(value)}'.`);
  return fallback;
}

/** A percentage above 0 and at most 100; fractions such as 0.5 are allowed. */
function percentage(key: string, value: unknown, fallback: number, problems: string[]): number {
  if (value === undefined) return fallback;
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : NaN;
  if (!Number.isFinite(n) || n <= 0 || n > 100) {
    problems.push(`${key} must be a percentage above 0 and at most 100, got '${String(value)}'.`);
    return fallback;
  }
  return n;
}

function integer(
  key: string,
  value: unknown,
  fallback: number,
  min: number,
  max: number,
  unit: string,
  problems: string[],
): number {
  if (value === undefined) return fallback;
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${key} must be a whole number from ${min} to ${max}${unit}, got '${String(value)}'.`);
    return fallback;
  }
  return n;
}
