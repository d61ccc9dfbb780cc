#!/usr/bin/env node
/**
 * CDK app entry. Configuration enters here, once, from CDK context
 * (`npx cdk deploy -c dropPrefix=inbox/ -c removalPolicy=destroy`), is
 * validated, and flows down through props.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IngestStack } from '../lib/ingest-stack';
import { pipelineConfigFromContext } from '../lib/pipeline-config';

const app = new App();
const config = pipelineConfigFromContext((key) => app.node.tryGetContext(key));

new IngestStack(app, 'NewsIngestStack', { config });

// Any unacknowledged AwsSolutions finding fails synthesis.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
