import type { CfnJson } from './infra-helpers';
import {
  attPlaceholderOf,
  joinedText,
  logicalIdOf,
  removeTestOutdirs,
  resourceOf,
  synthIngestStack,
} from './infra-helpers';

afterAll(removeTestOutdirs);

describe('CloudWatch dashboard', () => {
  const { stack, template } = synthIngestStack();
  // The body is an Fn::Join of JSON text and references; joinedText turns the references into placeholders.
  const body = JSON.parse(
    joinedText(resourceOf(template, stack.dashboard.dashboard).Properties.DashboardBody),
  );
  const widgets: CfnJson[] = body.widgets;
  const widget = (title: string): CfnJson => {
    const found = widgets.find((w) => w.properties.title === title);
    if (!found)
      throw new Error(`No widget '${title}' in ${widgets.map((w) => w.properties.title).join(', ')}`);
    return found.properties;
  };
  /** `[namespace, metricName, ...dimensions]` of each metric of a widget, without its rendering options. */
  const metricsOf = (title: string, axis: 'left' | 'right' = 'left') =>
    (widget(title).metrics as CfnJson[][])
      .filter((m) => (m.at(-1)?.yAxis ?? 'left') === axis)
      .map((m) => m.filter((part) => typeof part === 'string'));

  it('charts articles ingested, rejected, failed and duplicate deliveries from the ingest EMF metrics', () => {
    expect(metricsOf('Articles ingested, rejected, failed, duplicate deliveries')).toEqual(
      ['ArticlesIngested', 'ArticlesRejected', 'ArticlesFailed', 'DuplicateDeliveries'].map((name) => [
        'NewsPipeline',
        name,
        'service',
        'news-ingest',
      ]),
    );
  });

  it.each([
    ['Articles by topic', 'ArticlesByTopic', 'Topic'],
    ['Articles by alignment', 'ArticlesByAlignment', 'Alignment'],
  ])('%s uses a SEARCH expression, so new values appear without a deploy', (title, metricName, dimension) => {
    const series = (widget(title).metrics as CfnJson[][])[0]?.[0];
    expect(series.expression).toBe(
      `SEARCH('{NewsPipeline,service,${dimension}} MetricName="${metricName}" service="news-ingest"', 'Sum', 3600)`,
    );
    expect(series.label).toBe(`\${PROP('Dim.${dimension}')}`);
    expect(widget(title).stacked).toBe(true);
  });

  it('charts the dead-letter queue depth and the age of the oldest article queue message', () => {
    expect(metricsOf('Dead-letter queue depth')).toEqual([
      [
        'AWS/SQS',
        'ApproximateNumberOfMessagesVisible',
        'QueueName',
        attPlaceholderOf(stack.articleQueue.deadLetterQueue, 'QueueName'),
      ],
    ]);
    expect(metricsOf('Article queue: age of oldest message (s)')).toEqual([
      [
        'AWS/SQS',
        'ApproximateAgeOfOldestMessage',
        'QueueName',
        attPlaceholderOf(stack.articleQueue.queue, 'QueueName'),
      ],
    ]);
  });

  it('charts ingest function errors, throttles and duration', () => {
    const fn = ['FunctionName', `<Ref:${logicalIdOf(stack.ingestFunction.function)}>`];
    expect(metricsOf('Ingest function errors and throttles')).toEqual([
      ['AWS/Lambda', 'Errors', ...fn],
      ['AWS/Lambda', 'Throttles', ...fn],
    ]);
    expect(metricsOf('Ingest function duration (ms)')).toContainEqual(['AWS/Lambda', 'Duration', ...fn]);
  });

  it('charts query API 4xx, 5xx and latency', () => {
    const api = ['ApiId', `<Ref:${logicalIdOf(stack.queryApi.httpApi)}>`];
    expect(metricsOf('Query API 4xx and 5xx')).toEqual([
      ['AWS/ApiGateway', '4xx', ...api],
      ['AWS/ApiGateway', '5xx', ...api],
    ]);
    expect(metricsOf('Query API latency (ms)')).toContainEqual(['AWS/ApiGateway', 'Latency', ...api]);
  });

  it('shows the state of every alarm', () => {
    expect(widget('Alarms').alarms).toEqual(stack.alarms.alarms.map((a) => attPlaceholderOf(a, 'Arn')));
  });

  it('outputs a console link to the dashboard', () => {
    const output = template.findOutputs('DashboardUrl').DashboardUrl as CfnJson;
    expect(joinedText(output.Value)).toBe(
      `https://<Ref:AWS::Region>.console.aws.amazon.com/cloudwatch/home?region=<Ref:AWS::Region>#dashboards:name=<Ref:${logicalIdOf(stack.dashboard.dashboard)}>`,
    );
  });
});
