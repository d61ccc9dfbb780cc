import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { IngestStack } from '../../lib/ingest-stack';
import { buildPipelineConfig, type PipelineConfigInput } from '../../lib/pipeline-config';

const REPO_ROOT = path.join(__dirname, '..', '..');

/** The feature flags from cdk.json, so tests synthesise what `npx cdk synth` synthesises. */
const CDK_JSON_CONTEXT = (
  JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

const outdirs: string[] = [];

export interface TestAppOptions {
  /** Extra CDK context. */
  readonly context?: Record<string, unknown>;
  /**
   * Run CDK's built-in CloudFormation schema validation on synth. It takes
   * ~10-25 s per worker, so only the test that checks the template as a whole turns it on.
   * @default false
   */
  readonly cloudFormationValidation?: boolean;
}

/**
 * An App that writes under the ignored `cdk.out/` and skips asset bundling
 * (templates only; `npx cdk synth` covers bundling).
 */
export function newTestApp(options: TestAppOptions = {}): App {
  const outdir = path.join(REPO_ROOT, 'cdk.out', `test-${randomUUID()}`);
  outdirs.push(outdir);
  return new App({
    outdir,
    context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [], ...options.context },
    builtinCloudFormationValidation: options.cloudFormationValidation ?? false,
  });
}

/** Removes the assembly directories this test file created. Call from `afterAll`. */
export function removeTestOutdirs(): void {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface SynthesisedStack {
  readonly app: App;
  readonly stack: IngestStack;
  readonly template: Template;
}

/** Builds the stack as `bin/app.ts` does, from raw config values, and synthesises its template. */
export function synthIngestStack(input: PipelineConfigInput = {}): SynthesisedStack {
  const app = newTestApp();
  const stack = new IngestStack(app, 'NewsIngestStack', { config: buildPipelineConfig(input) });
  return { app, stack, template: Template.fromStack(stack) };
}

/** The CloudFormation logical ID of an L2 construct's resource. */
export function logicalIdOf(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

/** `{ "Fn::GetAtt": [<id>, "Arn"] }` of an L2 construct's resource. */
export const arnOf = (construct: IConstruct) => ({ 'Fn::GetAtt': [logicalIdOf(construct), 'Arn'] });

/** `{ Ref: <id> }` of an L2 construct's resource. */
export const refOf = (construct: IConstruct) => ({ Ref: logicalIdOf(construct) });

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON
export type CfnJson = any;

/** The synthesised resource (Type, Properties, policies) of an L2 construct. */
export function resourceOf(template: Template, construct: IConstruct): CfnJson {
  const resource = template.toJSON().Resources[logicalIdOf(construct)];
  if (!resource) throw new Error(`No resource for ${construct.node.path}`);
  return resource;
}

export const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every statement of every IAM policy attached to `role`. */
export function roleStatements(template: Template, role: IConstruct): CfnJson[] {
  const ref = JSON.stringify(refOf(role));
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy: CfnJson) =>
    (policy.Properties.Roles as CfnJson[]).some((r) => JSON.stringify(r) === ref),
  );
  return policies.flatMap((policy: CfnJson) => policy.Properties.PolicyDocument.Statement as CfnJson[]);
}

/**
 * A CloudFormation value that may be a plain string or an `Fn::Join` of strings
 * and references, as text. References become placeholders that are safe inside
 * JSON strings: `<Ref:Id>` and `<Id.Attribute>`.
 */
export function joinedText(value: CfnJson): string {
  if (typeof value === 'string') return value;
  const join = value?.['Fn::Join'];
  if (!Array.isArray(join)) throw new Error(`Not a string or Fn::Join: ${JSON.stringify(value)}`);
  const [separator, parts] = join as [string, CfnJson[]];
  return parts.map(placeholderOf).join(separator);
}

function placeholderOf(part: CfnJson): string {
  if (typeof part === 'string') return part;
  if (typeof part?.Ref === 'string') return `<Ref:${part.Ref}>`;
  const getAtt = part?.['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return `<${getAtt.join('.')}>`;
  throw new Error(`Unexpected token in Fn::Join: ${JSON.stringify(part)}`);
}

/** `<Id.Attribute>`: how `joinedText` shows a `Fn::GetAtt` of an L2 construct's resource. */
export const attPlaceholderOf = (construct: IConstruct, attribute: string) =>
  `<${logicalIdOf(construct)}.${attribute}>`;
