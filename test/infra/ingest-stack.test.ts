import { Template } from 'aws-cdk-lib/assertions';
import { IngestStack } from '../../lib/ingest-stack';
import { pipelineConfigFromContext } from '../../lib/pipeline-config';
import { arnOf, newTestApp, refOf, removeTestOutdirs, synthIngestStack } from './infra-helpers';

afterAll(removeTestOutdirs);

describe('stack outputs', () => {
  const { stack, template } = synthIngestStack();

  it.each([
    ['BucketName', () => refOf(stack.dropBucket.bucket)],
    ['TableName', () => refOf(stack.articleTable.table)],
    ['QueueUrl', () => refOf(stack.articleQueue.queue)],
    ['DeadLetterQueueUrl', () => refOf(stack.articleQueue.deadLetterQueue)],
  ])('outputs %s', (name, value) => {
    template.hasOutput(name, { Value: value() });
  });

  it('outputs a ready-to-paste upload command for the drop prefix', () => {
    template.hasOutput('UploadCommand', {
      Value: {
        'Fn::Join': ['', ['aws s3 cp article.txt s3://', refOf(stack.dropBucket.bucket), '/incoming/']],
      },
    });
  });

  it('outputs a redrive command for the dead-letter queue', () => {
    template.hasOutput('RedriveCommand', {
      Value: {
        'Fn::Join': [
          '',
          ['aws sqs start-message-move-task --source-arn ', arnOf(stack.articleQueue.deadLetterQueue)],
        ],
      },
    });
  });
});

describe('configuration from CDK context', () => {
  it('reaches the resources, as `npx cdk deploy -c dropPrefix=… -c maxReceiveCount=…` does', () => {
    // Same wiring as bin/app.ts; context values arrive as strings from the CLI.
    const app = newTestApp({ context: { dropPrefix: 'inbox/', maxReceiveCount: '2' } });
    const config = pipelineConfigFromContext((key) => app.node.tryGetContext(key));
    const stack = new IngestStack(app, 'NewsIngestStack', { config });
    const template = Template.fromStack(stack);
    template.hasOutput('DropPrefix', { Value: 'inbox/' });
    template.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: { maxReceiveCount: 2 } });
  });

  it('switches the query API to API keys with `-c apiAuth=api-key`', () => {
    const app = newTestApp({ context: { apiAuth: 'api-key' } });
    const config = pipelineConfigFromContext((key) => app.node.tryGetContext(key));
    const template = Template.fromStack(new IngestStack(app, 'NewsIngestStack', { config }));
    template.allResourcesProperties('AWS::ApiGatewayV2::Route', { AuthorizationType: 'CUSTOM' });
  });

  it('stops synthesis with a clear error on a bad value', () => {
    const app = newTestApp({ context: { dropPrefix: '/incoming' } });
    expect(() => pipelineConfigFromContext((key) => app.node.tryGetContext(key))).toThrow(
      /dropPrefix '\/incoming' must not start with '\/'/,
    );
  });
});
