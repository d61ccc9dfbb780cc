import * as path from 'node:path';
import { CfnElement, type Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as iamRuntime from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/** The repository root: NodejsFunction's project root and the home of package-lock.json. */
export const REPO_ROOT = path.join(__dirname, '..', '..');

/** CloudWatch namespace of the EMF metrics every function emits through Powertools Metrics. */
export const METRICS_NAMESPACE = 'NewsPipeline';

/**
 * The settings every function of the pipeline shares: Node.js 22 on arm64,
 * bundled by the local esbuild (minified, with source maps), X-Ray tracing.
 *
 * SDK policy: the AWS SDK v3 is BUNDLED (`externalModules: []`), so the deployed
 * code runs exactly the SDK versions from package-lock.json that the tests ran
 * against, not whatever version the Lambda runtime happens to ship.
 */
export function nodeFunctionDefaults(
  entry: string,
): Pick<
  nodejs.NodejsFunctionProps,
  | 'entry'
  | 'handler'
  | 'projectRoot'
  | 'depsLockFilePath'
  | 'runtime'
  | 'architecture'
  | 'tracing'
  | 'bundling'
> {
  return {
    entry,
    handler: 'handler',
    projectRoot: REPO_ROOT,
    depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    tracing: lambda.Tracing.ACTIVE,
    bundling: {
      minify: true,
      sourceMap: true,
      target: 'node22',
      forceDockerBundling: false,
      // Bundle everything, the AWS SDK v3 included (see above).
      externalModules: [],
    },
  };
}

/**
 * Acknowledges the two findings every function built from `nodeFunctionDefaults`
 * has by design: the X-Ray actions on Resource "*" and the pinned runtime.
 */
export function acknowledgeFunctionBaseline(fn: lambda.IFunction, role: iam.IRole): void {
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Only xray:PutTraceSegments and xray:PutTelemetryRecords, added by active tracing, use Resource "*": these X-Ray actions do not support resource-level permissions. test/infra asserts that no other statement of this role uses "*".',
  });
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      'Pinned to Node.js 22 on purpose: the bundle is built and tested for node22 (esbuild target) and Node 22 is a supported Lambda runtime. Moving to a newer runtime is a tested upgrade, not a silent one.',
  });
}

/**
 * Binds a function to the drop prefix in one step, so the environment and the
 * grant can never drift apart: sets DROP_BUCKET and DROP_PREFIX, grants
 * `objectActions` on `<bucket>/<prefix>*` only, and s3:ListBucket limited to
 * that prefix (without it S3 answers a missing key with 403 instead of 404,
 * and a deleted upload would look like a permissions fault). Nothing else in S3.
 */
export function bindDropPrefix(
  fn: lambda.Function,
  role: iam.IRole,
  bucket: s3.IBucket,
  prefix: string,
  objectActions: readonly string[],
  why: string,
): void {
  fn.addEnvironment('DROP_BUCKET', bucket.bucketName);
  fn.addEnvironment('DROP_PREFIX', prefix);
  role.addToPrincipalPolicy(
    new iamRuntime.PolicyStatement({
      actions: [...objectActions],
      resources: [bucket.arnForObjects(`${prefix}*`)],
    }),
  );
  role.addToPrincipalPolicy(
    new iamRuntime.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
    }),
  );
  const cfnBucket = bucket.node.defaultChild;
  if (cfnBucket instanceof CfnElement) {
    const logicalId = Stack.of(bucket).getLogicalId(cfnBucket);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/${prefix}*]`,
      reason: `The wildcard is the object keys under the drop prefix '${prefix}', which are chosen by uploaders and unknown in advance. The grant is read-only (${objectActions.join(', ')}${why}) and scoped to that prefix of one bucket.`,
    });
  }
}

export interface PipelineFunctionProps {
  readonly entry: string;
  /** What the role is for, shown in IAM. */
  readonly roleDescription: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly logRetention: logs.RetentionDays;
  /** Added to `NODE_OPTIONS=--enable-source-maps`. */
  readonly environment: Readonly<Record<string, string>>;
}

export interface PipelineFunctionParts {
  readonly logGroup: logs.LogGroup;
  readonly role: iamRuntime.Role;
  readonly function: nodejs.NodejsFunction;
}

/**
 * The log group, role and function every pipeline function is made of, as
 * children `LogGroup`, `Role` and `Function` of `scope`. The role has no AWS
 * managed policy (AWSLambdaBasicExecutionRole would allow every log group): it
 * may write to its own log group only; constructs add their grants through
 * their `bind*` methods.
 */
export function createPipelineFunction(
  scope: Construct,
  props: PipelineFunctionProps,
): PipelineFunctionParts {
  const logGroup = new logs.LogGroup(scope, 'LogGroup', { retention: props.logRetention });
  const role = new iamRuntime.Role(scope, 'Role', {
    assumedBy: new iamRuntime.ServicePrincipal('lambda.amazonaws.com'),
    description: props.roleDescription,
  });
  logGroup.grantWrite(role);
  const fn = new nodejs.NodejsFunction(scope, 'Function', {
    ...nodeFunctionDefaults(props.entry),
    timeout: props.timeout,
    memorySize: props.memorySize,
    role,
    logGroup,
    environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
  });
  acknowledgeFunctionBaseline(fn, role);
  return { logGroup, role, function: fn };
}
