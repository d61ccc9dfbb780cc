import { type App, Stack, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { IngestStack } from '../../lib/ingest-stack';
import { buildPipelineConfig, type PipelineConfigInput } from '../../lib/pipeline-config';
import { newTestApp, removeTestOutdirs } from './infra-helpers';

afterAll(removeTestOutdirs);

/** Builds the app as bin/app.ts does: the stack, then AwsSolutionsChecks as a validation plugin. */
function nagApp(input: PipelineConfigInput): App {
  const app = newTestApp();
  new IngestStack(app, 'NewsIngestStack', { config: buildPipelineConfig(input) });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

/** Unacknowledged AwsSolutions findings, read through the cdk-nag 3.x API, as `rule at path` lines. */
function unacknowledgedFindings(scope: IConstruct): string[] {
  const report = new AwsSolutionsChecks().validateScope(scope);
  return report.violations.flatMap((v) =>
    v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}`),
  );
}

/** Every acknowledgement in the tree, as `ruleId at path`. */
function acknowledgements(scope: IConstruct): string[] {
  return scope.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) =>
          Object.keys(m.data as object).map((id) => `${id.replace(/^annotation::/i, '')} at ${c.node.path}`),
        ),
    )
    .sort();
}

/** Every acknowledgement carries a reason a reviewer can check, not a placeholder. */
function assertReasons(app: App): void {
  for (const c of app.node.findAll()) {
    for (const m of c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)) {
      for (const reason of Object.values(m.data as Record<string, string>))
        expect(reason.length).toBeGreaterThan(60);
    }
  }
}

describe('cdk-nag AwsSolutionsChecks', () => {
  it.each([
    [{ removalPolicy: 'retain' }],
    [{ removalPolicy: 'destroy' }],
    [{ apiAuth: 'api-key', alarmEmail: 'ops@example.org' }],
  ])('finds nothing unacknowledged with %j', (input) => {
    const app = nagApp(input);
    expect(() => app.synth()).not.toThrow();
    expect(unacknowledgedFindings(app)).toEqual([]);
  });

  it('acknowledges only the findings that cannot be fixed, each with a reason', () => {
    const app = nagApp({});
    const stack = app.node.findChild('NewsIngestStack') as IngestStack;
    const bucketId = stack.getLogicalId(stack.dropBucket.bucket.node.defaultChild as never);
    expect(acknowledgements(app)).toEqual([
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole] at NewsIngestStack/BucketNotificationsHandler050a0587b7544547bf325f094a3db834',
      'AwsSolutions-IAM5[Resource::*] at NewsIngestStack/IngestFunction/Role',
      'AwsSolutions-IAM5[Resource::*] at NewsIngestStack/QueryFunction/Role',
      `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/incoming/*] at NewsIngestStack/IngestFunction/Role`,
      `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/incoming/*] at NewsIngestStack/QueryFunction/Role`,
      'AwsSolutions-L1 at NewsIngestStack/IngestFunction/Function',
      'AwsSolutions-L1 at NewsIngestStack/QueryFunction/Function',
    ]);
    assertReasons(app);
  });

  it('acknowledges only the unavoidable findings of the API key authorizer and the alarm topic', () => {
    const app = nagApp({ apiAuth: 'api-key', alarmEmail: 'ops@example.org' });
    const withoutDefaults = new Set(acknowledgements(nagApp({})));
    expect(acknowledgements(app).filter((a) => !withoutDefaults.has(a))).toEqual([
      'AwsSolutions-IAM5[Resource::*] at NewsIngestStack/QueryApi/ApiKey/Role',
      'AwsSolutions-L1 at NewsIngestStack/QueryApi/ApiKey/Function',
      'AwsSolutions-SMG4 at NewsIngestStack/QueryApi/ApiKey/ApiKeySecret',
    ]);
    assertReasons(app);
  });

  it('would report an insecure resource (the check is not vacuous)', () => {
    const app = newTestApp();
    const stack = new Stack(app, 'InsecureStack');
    new sqs.Queue(stack, 'PlainQueue', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    const findings = unacknowledgedFindings(app);
    expect(findings).toEqual(
      expect.arrayContaining([
        'error AwsSolutions-SQS3 at InsecureStack/PlainQueue/Resource',
        'error AwsSolutions-SQS4 at InsecureStack/PlainQueue/Resource',
      ]),
    );
    // Registered as in bin/app.ts these findings stop `cdk synth` (exit code 1). Not asserted here:
    // a failing in-memory synth keeps the jest worker from exiting gracefully.
  });
});
