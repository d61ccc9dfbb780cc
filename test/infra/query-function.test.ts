import { QUERY_OBJECT_ACTIONS, QUERY_TABLE_ACTIONS } from '../../lib/constructs/query-function';
import { FACET_INDEX } from '../../schema/article-table';
import {
  arnOf,
  list,
  refOf,
  removeTestOutdirs,
  resourceOf,
  roleStatements,
  synthIngestStack,
} from './infra-helpers';

afterAll(removeTestOutdirs);

describe('query function', () => {
  const { stack, template } = synthIngestStack();
  const fn = () => resourceOf(template, stack.queryFunction.function);

  it('runs on Node.js 22 on arm64 with X-Ray tracing', () => {
    expect(fn().Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
    });
  });

  it('gets the environment the handler reads', () => {
    expect(fn().Properties.Environment.Variables).toEqual({
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: 'news-query-api',
      POWERTOOLS_METRICS_NAMESPACE: 'NewsPipeline',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      TABLE_NAME: refOf(stack.articleTable.table),
      DROP_BUCKET: refOf(stack.dropBucket.bucket),
      DROP_PREFIX: 'incoming/',
    });
  });

  it('logs to its own log group with the configured retention', () => {
    expect(fn().Properties.LoggingConfig).toEqual({ LogGroup: refOf(stack.queryFunction.logGroup) });
    const custom = synthIngestStack({ logRetentionDays: 90 });
    expect(resourceOf(custom.template, custom.stack.queryFunction.logGroup).Properties.RetentionInDays).toBe(
      90,
    );
  });

  it('runs as its own role, not the ingest role', () => {
    expect(fn().Properties.Role).toEqual(arnOf(stack.queryFunction.role));
    expect(stack.queryFunction.role).not.toBe(stack.ingestFunction.role);
  });
});

describe('query function permissions', () => {
  const { stack, template } = synthIngestStack();
  const statements = roleStatements(template, stack.queryFunction.role);
  const withAction = (prefix: string) =>
    statements.filter((s) => list<string>(s.Action).some((a) => a.startsWith(prefix)));
  const tableArn = arnOf(stack.articleTable.table);

  it('has no AWS managed policy', () => {
    expect(resourceOf(template, stack.queryFunction.role).Properties.ManagedPolicyArns).toBeUndefined();
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

  it('may only get items and query, on the article table and its facet index', () => {
    const dynamo = withAction('dynamodb:');
    expect(dynamo).toHaveLength(1);
    expect([...list<string>(dynamo[0].Action)].sort()).toEqual([...QUERY_TABLE_ACTIONS].sort());
    expect(list(dynamo[0].Resource)).toEqual([
      tableArn,
      { 'Fn::Join': ['', [tableArn, `/index/${FACET_INDEX}`]] },
    ]);
  });

  it('may read objects under the drop prefix and list only that prefix, nothing else in S3', () => {
    const s3 = withAction('s3:');
    expect(s3).toHaveLength(2);
    const objects = s3.find((s) => list<string>(s.Action).includes('s3:GetObject'));
    expect(list<string>(objects?.Action)).toEqual([...QUERY_OBJECT_ACTIONS]);
    expect(objects?.Resource).toEqual({ 'Fn::Join': ['', [arnOf(stack.dropBucket.bucket), '/incoming/*']] });
    const listing = s3.find((s) => list<string>(s.Action).includes('s3:ListBucket'));
    expect(list<string>(listing?.Action)).toEqual(['s3:ListBucket']);
    expect(listing?.Resource).toEqual(arnOf(stack.dropBucket.bucket));
    expect(listing?.Condition).toEqual({ StringLike: { 's3:prefix': ['incoming/*'] } });
  });

  it('scopes the object grant and the listing to a configured prefix', () => {
    const custom = synthIngestStack({ dropPrefix: 'inbox/2024/' });
    const s3 = roleStatements(custom.template, custom.stack.queryFunction.role).filter((s) =>
      list<string>(s.Action).some((a) => a.startsWith('s3:')),
    );
    expect(s3.map((s) => s.Resource)).toContainEqual({
      'Fn::Join': ['', [arnOf(custom.stack.dropBucket.bucket), '/inbox/2024/*']],
    });
    expect(s3.map((s) => s.Condition).filter(Boolean)).toEqual([
      { StringLike: { 's3:prefix': ['inbox/2024/*'] } },
    ]);
  });

  it('can write nothing but its own logs and traces', () => {
    const allowed = new Set([
      ...QUERY_TABLE_ACTIONS,
      ...QUERY_OBJECT_ACTIONS,
      's3:ListBucket',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
    ]);
    const actions = statements.flatMap((s) => list<string>(s.Action));
    expect(actions.filter((a) => !allowed.has(a))).toEqual([]);
    for (const s of withAction('logs:')) expect(s.Resource).toEqual(arnOf(stack.queryFunction.logGroup));
  });
});
