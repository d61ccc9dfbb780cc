import * as path from 'node:path';
import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as iamRuntime from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as s3 from 'aws-cdk-lib/aws-s3';

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
