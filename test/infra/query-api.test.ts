import { Match } from 'aws-cdk-lib/assertions';
import { QUERY_API_PATHS } from '../../lib/constructs/query-api';
import {
  arnOf,
  type CfnJson,
  list,
  logicalIdOf,
  refOf,
  removeTestOutdirs,
  resourceOf,
  roleStatements,
  type SynthesisedStack,
  synthIngestStack,
} from './infra-helpers';

afterAll(removeTestOutdirs);

const EXPECTED_ROUTE_KEYS = [
  'GET /api/articles',
  'GET /api/articles/{articleId}',
  'GET /api/counts',
  'GET /api/uploads',
  'GET /api/failures',
  'GET /api/meta',
];

/** The routes of the query API, by route key. */
function routesOf({ stack, template }: SynthesisedStack): Record<string, CfnJson> {
  const api = refOf(stack.queryApi.httpApi);
  const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).filter(
    (r: CfnJson) => JSON.stringify(r.Properties.ApiId) === JSON.stringify(api),
  );
  return Object.fromEntries(routes.map((r: CfnJson) => [r.Properties.RouteKey, r.Properties]));
}

describe('query API routes', () => {
  const synthesised = synthIngestStack();
  const { stack, template } = synthesised;
  const routes = routesOf(synthesised);

  it('serves every endpoint of the API contract, and only those', () => {
    expect(Object.keys(routes).sort()).toEqual([...EXPECTED_ROUTE_KEYS].sort());
    expect(QUERY_API_PATHS.map((path) => `GET ${path}`).sort()).toEqual([...EXPECTED_ROUTE_KEYS].sort());
  });

  it('requires IAM (SigV4) authorisation on every route by default', () => {
    for (const [key, route] of Object.entries(routes)) {
      expect([key, route.AuthorizationType]).toEqual([key, 'AWS_IAM']);
      expect(route.AuthorizerId).toBeUndefined();
    }
    expect(template.findResources('AWS::ApiGatewayV2::Authorizer')).toEqual({});
    expect(template.findResources('AWS::SecretsManager::Secret')).toEqual({});
  });

  it('sends every route to the query function with payload format 2.0', () => {
    const integrations = template.toJSON().Resources;
    for (const route of Object.values(routes)) {
      const [, parts] = route.Target['Fn::Join'];
      const integration = integrations[parts[1].Ref];
      expect(integration.Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: arnOf(stack.queryFunction.function),
        PayloadFormatVersion: '2.0',
      });
    }
  });

  it('lets API Gateway invoke the query function only from this API', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: arnOf(stack.queryFunction.function),
      Principal: 'apigateway.amazonaws.com',
      SourceArn: Match.objectLike({
        'Fn::Join': ['', Match.arrayWith([refOf(stack.queryApi.httpApi)])],
      }),
    });
  });

  it('outputs the API base URL', () => {
    template.hasOutput('ApiUrl', {
      Value: { 'Fn::GetAtt': [logicalIdOf(stack.queryApi.httpApi), 'ApiEndpoint'] },
    });
    expect(template.findOutputs('ApiKeySecretArn')).toEqual({});
  });
});

describe('query API stage', () => {
  const { stack, template } = synthIngestStack();
  const stage = () => resourceOf(template, stack.queryApi.stage).Properties;

  it('is the auto-deployed $default stage, so routes live at <ApiUrl>/api/...', () => {
    expect(stage()).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      ApiId: refOf(stack.queryApi.httpApi),
    });
  });

  it('throttles requests to 20 per second with bursts of 50 by default', () => {
    expect(stage().DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 20, ThrottlingBurstLimit: 50 });
  });

  it('uses the configured throttling', () => {
    const custom = synthIngestStack({ apiThrottleRate: '5', apiThrottleBurst: '10' });
    expect(resourceOf(custom.template, custom.stack.queryApi.stage).Properties.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: 5,
      ThrottlingBurstLimit: 10,
    });
  });

  it('writes one JSON access log line per request to its own log group', () => {
    const { DestinationArn, Format } = stage().AccessLogSettings;
    expect(DestinationArn).toEqual(arnOf(stack.queryApi.accessLogGroup));
    expect(JSON.parse(Format)).toMatchObject({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
      caller: '$context.identity.userArn',
    });
    expect(resourceOf(template, stack.queryApi.accessLogGroup).Properties.RetentionInDays).toBe(30);
  });
});

describe('query API in api-key mode', () => {
  const synthesised = synthIngestStack({ apiAuth: 'api-key' });
  const { stack, template } = synthesised;
  const apiKey = stack.queryApi.apiKeyAuthorizer;
  if (!apiKey) throw new Error('api-key mode must create the API key authorizer');
  const authorizers = Object.entries(template.findResources('AWS::ApiGatewayV2::Authorizer'));

  it('authorises every route with the API key authorizer', () => {
    const routes = routesOf(synthesised);
    expect(Object.keys(routes).sort()).toEqual([...EXPECTED_ROUTE_KEYS].sort());
    expect(authorizers).toHaveLength(1);
    const [authorizerId] = authorizers[0] ?? [];
    for (const [key, route] of Object.entries(routes)) {
      expect([key, route.AuthorizationType, route.AuthorizerId]).toEqual([
        key,
        'CUSTOM',
        { Ref: authorizerId },
      ]);
    }
  });

  it('checks the x-api-key header with a Lambda using simple responses, cached per key', () => {
    const authorizer: CfnJson = authorizers[0]?.[1];
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.x-api-key'],
      AuthorizerResultTtlInSeconds: 300,
    });
    expect(JSON.stringify(authorizer.Properties.AuthorizerUri)).toContain(logicalIdOf(apiKey.function));
  });

  it('creates a generated secret holding the key, and outputs how to read it', () => {
    expect(resourceOf(template, apiKey.secret).Properties.GenerateSecretString).toMatchObject({
      PasswordLength: 40,
      ExcludePunctuation: true,
    });
    template.hasOutput('ApiKeySecretArn', { Value: refOf(apiKey.secret) });
    template.hasOutput('ApiKeyCommand', {
      Value: {
        'Fn::Join': [
          '',
          [
            'aws secretsmanager get-secret-value --secret-id ',
            refOf(apiKey.secret),
            ' --query SecretString --output text',
          ],
        ],
      },
    });
  });

  it('gives the authorizer the secret ARN and read access to that secret only', () => {
    const fn = resourceOf(template, apiKey.function).Properties;
    expect(fn.Environment.Variables).toMatchObject({ API_KEY_SECRET_ARN: refOf(apiKey.secret) });
    expect(fn).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
    });
    const statements = roleStatements(template, apiKey.role);
    const secretStatements = statements.filter((s) =>
      list<string>(s.Action).some((a) => a.startsWith('secretsmanager:')),
    );
    expect(secretStatements.map((s) => s.Resource)).toEqual([refOf(apiKey.secret)]);
    const actions = statements.flatMap((s) => list<string>(s.Action));
    expect(
      actions.filter((a) => !/^(secretsmanager:(GetSecretValue|DescribeSecret)|logs:|xray:)/.test(a)),
    ).toEqual([]);
    expect(resourceOf(template, apiKey.role).Properties.ManagedPolicyArns).toBeUndefined();
  });
});
