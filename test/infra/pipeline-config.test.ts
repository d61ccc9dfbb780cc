import {
  buildPipelineConfig,
  DEFAULT_PIPELINE_CONFIG,
  PipelineConfigError,
  pipelineConfigFromContext,
} from '../../lib/pipeline-config';

describe('pipeline configuration', () => {
  it('uses the documented defaults when nothing is set', () => {
    expect(buildPipelineConfig()).toEqual({
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
    });
  });

  it('accepts the strings that `cdk -c key=value` passes', () => {
    const config = buildPipelineConfig({
      dropPrefix: 'inbox/2024/',
      maxReceiveCount: '3',
      deletionProtection: 'false',
      removalPolicy: 'destroy',
      logRetentionDays: '90',
    });
    expect(config).toMatchObject({
      dropPrefix: 'inbox/2024/',
      maxReceiveCount: 3,
      deletionProtection: false,
      removalPolicy: 'destroy',
      logRetentionDays: 90,
    });
  });

  it('reads each setting through the context getter it is given', () => {
    const context: Record<string, unknown> = { dropPrefix: 'drop/', batchSize: 5, unrelated: 'x' };
    const config = pipelineConfigFromContext((key) => context[key]);
    expect(config).toEqual({ ...DEFAULT_PIPELINE_CONFIG, dropPrefix: 'drop/', batchSize: 5 });
  });

  it('turns deletion protection off by default when the stack may destroy its data', () => {
    expect(buildPipelineConfig({ removalPolicy: 'destroy' }).deletionProtection).toBe(false);
  });

  it.each([
    ['', /must not be empty/],
    ['/incoming/', /must not start with '\/'/],
    ['incoming', /must end with '\/' \(did you mean 'incoming\/'\?\)/],
    ['in//coming/', /must not contain '\/\/'/],
    ['in*/', /no spaces, '\*' or '\?'/],
    ['my articles/', /no spaces/],
  ])('rejects the drop prefix %j with a reason', (dropPrefix, reason) => {
    expect(() => buildPipelineConfig({ dropPrefix })).toThrow(PipelineConfigError);
    expect(() => buildPipelineConfig({ dropPrefix })).toThrow(reason);
  });

  it('rejects an unknown removal policy', () => {
    expect(() => buildPipelineConfig({ removalPolicy: 'delete' })).toThrow(
      "removalPolicy must be 'retain' or 'destroy', got 'delete'.",
    );
  });

  it('rejects deletion protection on a table the stack would destroy', () => {
    expect(() => buildPipelineConfig({ removalPolicy: 'destroy', deletionProtection: true })).toThrow(
      /needs deletionProtection false/,
    );
  });

  it.each([
    ['maxReceiveCount', '0', /maxReceiveCount must be a whole number from 1 to 1000/],
    ['maxReceiveCount', 'five', /got 'five'/],
    ['functionTimeoutSeconds', 901, /from 1 to 900 seconds/],
    ['functionMemoryMb', 64, /from 128 to 10240 MB/],
    ['batchSize', 2.5, /batchSize must be a whole number/],
    ['deletionProtection', 'yes', /deletionProtection must be true or false, got 'yes'/],
    ['logRetentionDays', 31, /logRetentionDays must be one of 1, 3, 5, 7, 14, 30/],
  ])('rejects %s = %j', (key, value, reason) => {
    expect(() => buildPipelineConfig({ [key]: value })).toThrow(reason);
  });

  it('accepts the query API and alarm settings as `cdk -c key=value` strings', () => {
    expect(
      buildPipelineConfig({
        apiAuth: 'api-key',
        apiThrottleRate: '100',
        apiThrottleBurst: '200',
        alarmEmail: 'ops@example.org',
        errorRateAlarmPercent: '0.5',
        queueAgeAlarmMinutes: '60',
      }),
    ).toMatchObject({
      apiAuth: 'api-key',
      apiThrottleRate: 100,
      apiThrottleBurst: 200,
      alarmEmail: 'ops@example.org',
      errorRateAlarmPercent: 0.5,
      queueAgeAlarmMinutes: 60,
    });
  });

  it('reads alarmEmail from context although it has no default', () => {
    const context: Record<string, unknown> = { alarmEmail: 'ops@example.org' };
    expect(pipelineConfigFromContext((key) => context[key]).alarmEmail).toBe('ops@example.org');
  });

  it.each([
    ['apiAuth', 'apikey', /apiAuth must be 'iam' or 'api-key', got 'apikey'/],
    ['apiAuth', 'none', /apiAuth must be 'iam' or 'api-key'/],
    ['apiThrottleRate', '0', /apiThrottleRate must be a whole number from 1 to 10000 requests per second/],
    ['apiThrottleBurst', 5001, /apiThrottleBurst must be a whole number from 1 to 5000 requests/],
    ['alarmEmail', 'ops', /alarmEmail must be an email address such as ops@example.org, got 'ops'/],
    ['alarmEmail', '', /alarmEmail must be an email address/],
    [
      'errorRateAlarmPercent',
      '0',
      /errorRateAlarmPercent must be a percentage above 0 and at most 100, got '0'/,
    ],
    ['errorRateAlarmPercent', 101, /errorRateAlarmPercent must be a percentage/],
    ['errorRateAlarmPercent', '5%', /got '5%'/],
    ['queueAgeAlarmMinutes', '1.5', /queueAgeAlarmMinutes must be a whole number from 1 to 20160 minutes/],
  ])('rejects %s = %j', (key, value, reason) => {
    expect(() => buildPipelineConfig({ [key]: value })).toThrow(PipelineConfigError);
    expect(() => buildPipelineConfig({ [key]: value })).toThrow(reason);
  });

  it('rejects a batch larger than 10 without a batching window', () => {
    expect(() => buildPipelineConfig({ batchSize: 100, maxBatchingWindowSeconds: 0 })).toThrow(
      /batchSize above 10 needs maxBatchingWindowSeconds/,
    );
  });

  it('rejects an object size limit that would not fit in the function memory', () => {
    expect(() => buildPipelineConfig({ functionMemoryMb: 128, maxObjectBytes: 100 * 1024 * 1024 })).toThrow(
      /maxObjectBytes .* must be at most half of functionMemoryMb/,
    );
  });

  it('lists every problem in one error', () => {
    expect(() => buildPipelineConfig({ dropPrefix: 'x', maxReceiveCount: -1 })).toThrow(
      /dropPrefix 'x'[\s\S]*maxReceiveCount must be/,
    );
  });
});
