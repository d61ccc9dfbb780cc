import { Match } from 'aws-cdk-lib/assertions';
import { DROP_OBJECT_ACTIONS, TABLE_ACTIONS } from '../../lib/constructs/ingest-function';
import {
  arnOf,
  list,
  logicalIdOf,
  refOf,
  removeTestOutdirs,
  resourceOf,
  type SynthesisedStack,
  roleStatements as statementsOf,
  synthIngestStack,
} from './infra-helpers';

afterAll(removeTestOutdirs);

/** Every statement of every IAM policy attached to the ingest function's role. */
const roleStatements = ({ stack, template }: SynthesisedStack) =>
  statementsOf(template, stack.ingestFunction.role);

describe('ingest function', () => {
  const synthesised = synthIngestStack();
  const { stack, template } = synthesised;
  const fn = () => resourceOf(template, stack.ingestFunction.function);

  it('runs on Node.js 22 on arm64', () => {
    expect(fn().Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
    });
  });

  it('has the configured timeout and memory', () => {
    expect(fn().Properties).toMatchObject({ Timeout: 60, MemorySize: 1024 });
    const custom = synthIngestStack({ functionTimeoutSeconds: 120, functionMemoryMb: 2048 });
    expect(resourceOf(custom.template, custom.stack.ingestFunction.function).Properties).toMatchObject({
      Timeout: 120,
      MemorySize: 2048,
    });
  });

  it('gets the environment the handler reads', () => {
    expect(fn().Properties.Environment.Variables).toEqual({
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: 'news-ingest',
      POWERTOOLS_METRICS_NAMESPACE: 'NewsPipeline',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      TABLE_NAME: refOf(stack.articleTable.table),
      DROP_BUCKET: refOf(stack.dropBucket.bucket),
      DROP_PREFIX: 'incoming/',
      MAX_RECEIVE_COUNT: '5',
      MAX_OBJECT_BYTES: String(10 * 1024 * 1024),
    });
  });

  it('passes configured limits to the handler', () => {
    const custom = synthIngestStack({ dropPrefix: 'inbox/', maxReceiveCount: 3, maxObjectBytes: 1000 });
    expect(
      resourceOf(custom.template, custom.stack.ingestFunction.function).Properties.Environment.Variables,
    ).toMatchObject({ DROP_PREFIX: 'inbox/', MAX_RECEIVE_COUNT: '3', MAX_OBJECT_BYTES: '1000' });
  });

  it('traces with X-Ray', () => {
    expect(fn().Properties.TracingConfig).toEqual({ Mode: 'Active' });
  });

  it('logs to its own log group with the configured retention', () => {
    expect(fn().Properties.LoggingConfig).toEqual({ LogGroup: refOf(stack.ingestFunction.logGroup) });
    expect(resourceOf(template, stack.ingestFunction.logGroup).Properties.RetentionInDays).toBe(30);
    const custom = synthIngestStack({ logRetentionDays: 90 });
    expect(resourceOf(custom.template, custom.stack.ingestFunction.logGroup).Properties.RetentionInDays).toBe(
      90,
    );
  });

  it('consumes the article queue reporting failed records one by one', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: arnOf(stack.articleQueue.queue),
      FunctionName: refOf(stack.ingestFunction.function),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: 5,
    });
  });

  it('uses the configured batch size and batching window', () => {
    const custom = synthIngestStack({ batchSize: 50, maxBatchingWindowSeconds: 20 });
    custom.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 50,
      MaximumBatchingWindowInSeconds: 20,
    });
  });
});

describe('ingest function permissions', () => {
  const synthesised = synthIngestStack();
  const { stack, template } = synthesised;
  const statements = roleStatements(synthesised);
  const withAction = (prefix: string) =>
    statements.filter((s) => list<string>(s.Action).some((a) => a.startsWith(prefix)));

  it('has no AWS managed policy', () => {
    expect(resourceOf(template, stack.ingestFunction.role).Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('never uses a wildcard action', () => {
    const actions = statements.flatMap((s) => list<string>(s.Action));
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
  });

  it('uses Resource "*" only for the X-Ray actions, which have no resource-level permissions', () => {
    const starStatements = statements.filter((s) => list(s.Resource).includes('*'));
    expect(starStatements.map((s) => [...list<string>(s.Action)].sort())).toEqual([
      ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
    ]);
  });

  it('may only get, put, update, delete and condition-check items of the article table itself', () => {
    const dynamo = withAction('dynamodb:');
    expect(dynamo).toHaveLength(1);
    expect([...list<string>(dynamo[0].Action)].sort()).toEqual([...TABLE_ACTIONS].sort());
    expect(dynamo[0].Action).not.toContain('dynamodb:Query');
    expect(dynamo[0].Action).not.toContain('dynamodb:Scan');
    expect(dynamo[0].Resource).toEqual(arnOf(stack.articleTable.table));
  });

  it('may only read objects under the drop prefix, and list only that prefix', () => {
    const s3 = withAction('s3:');
    expect(s3).toHaveLength(2);
    const objects = s3.find((s) => list<string>(s.Action).includes('s3:GetObject'));
    expect([...list<string>(objects?.Action)].sort()).toEqual([...DROP_OBJECT_ACTIONS].sort());
    expect(objects?.Resource).toEqual({ 'Fn::Join': ['', [arnOf(stack.dropBucket.bucket), '/incoming/*']] });
    const listing = s3.find((s) => list<string>(s.Action).includes('s3:ListBucket'));
    expect(list<string>(listing?.Action)).toEqual(['s3:ListBucket']);
    expect(listing?.Resource).toEqual(arnOf(stack.dropBucket.bucket));
    expect(listing?.Condition).toEqual({ StringLike: { 's3:prefix': ['incoming/*'] } });
  });

  it('scopes the object grant and the listing to a configured prefix', () => {
    const custom = synthIngestStack({ dropPrefix: 'inbox/2024/' });
    const s3 = roleStatements(custom).filter((s) => list<string>(s.Action).some((a) => a.startsWith('s3:')));
    expect(s3.map((s) => s.Resource)).toContainEqual({
      'Fn::Join': ['', [arnOf(custom.stack.dropBucket.bucket), '/inbox/2024/*']],
    });
    expect(s3.map((s) => s.Condition).filter(Boolean)).toEqual([
      { StringLike: { 's3:prefix': ['inbox/2024/*'] } },
    ]);
  });

  it('may only write to its own log group and consume the article queue otherwise', () => {
    const allowed = new Set([
      ...TABLE_ACTIONS,
      ...DROP_OBJECT_ACTIONS,
      's3:ListBucket',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
      'sqs:ReceiveMessage',
      'sqs:ChangeMessageVisibility',
      'sqs:GetQueueUrl',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
    ]);
    const actions = statements.flatMap((s) => list<string>(s.Action));
    expect(actions.filter((a) => !allowed.has(a))).toEqual([]);
    for (const s of withAction('logs:')) expect(s.Resource).toEqual(arnOf(stack.ingestFunction.logGroup));
    for (const s of withAction('sqs:')) expect(s.Resource).toEqual(arnOf(stack.articleQueue.queue));
  });

  it('is the role the function runs as', () => {
    expect(resourceOf(template, stack.ingestFunction.function).Properties.Role).toEqual(
      arnOf(stack.ingestFunction.role),
    );
    expect(logicalIdOf(stack.ingestFunction.role)).toMatch(/^IngestFunction/);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      },
    });
  });
});
