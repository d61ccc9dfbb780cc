import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ApiKeyAuthorizer } from './api-key-authorizer';

/** How callers authenticate: SigV4-signed requests (IAM), or the `x-api-key` header. */
export type ApiAuthMode = 'iam' | 'api-key';

/** Every route of the query API (see the API contract); all are GET. */
export const QUERY_API_PATHS = [
  '/api/articles',
  '/api/articles/{articleId}',
  '/api/counts',
  '/api/uploads',
  '/api/failures',
  '/api/meta',
] as const;

/**
 * One JSON object per request (cdk-nag APIG1 and structured logging). The caller
 * is the IAM principal in IAM mode; the API key itself is never logged.
 */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  caller: '$context.identity.userArn',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
});

export interface QueryApiProps {
  /** The query function every route invokes (payload format 2.0). */
  readonly handler: lambda.IFunction;
  /**
   * `iam`: every route requires a SigV4-signed request from a principal allowed
   * execute-api:Invoke. `api-key`: every route requires the `x-api-key` header
   * to match a generated secret (for dashboard tools that cannot sign requests).
   * @default 'iam'
   */
  readonly auth?: ApiAuthMode;
  /**
   * Steady-state request rate of the stage, per second.
   * @default 20
   */
  readonly throttleRateLimit?: number;
  /**
   * Burst of requests the stage accepts above the steady rate.
   * @default 50
   */
  readonly throttleBurstLimit?: number;
  /**
   * Retention of the access log group.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly accessLogRetention?: logs.RetentionDays;
  /**
   * What happens to the API key secret (api-key mode) when it leaves the stack.
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The query API: an API Gateway HTTP API whose `GET /api/...` routes all invoke
 * one Lambda function (payload 2.0). Every route is authorised (IAM by default,
 * optionally an API key); the `$default` stage is throttled and writes JSON
 * access logs to its own log group.
 */
export class QueryApi extends Construct {
  public readonly httpApi: apigwv2.HttpApi;
  public readonly stage: apigwv2.HttpStage;
  public readonly accessLogGroup: logs.LogGroup;
  public readonly authMode: ApiAuthMode;
  /** Present in api-key mode only. */
  public readonly apiKeyAuthorizer?: ApiKeyAuthorizer;
  /** Base URL: the routes are `${url}/api/...`. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: QueryApiProps) {
    super(scope, id);
    this.authMode = props.auth ?? 'iam';

    if (this.authMode === 'api-key') {
      this.apiKeyAuthorizer = new ApiKeyAuthorizer(this, 'ApiKey', {
        removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
      });
    }
    const authorizer: apigwv2.IHttpRouteAuthorizer =
      this.apiKeyAuthorizer?.authorizer ?? new authorizers.HttpIamAuthorizer();

    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `${Stack.of(this).stackName}-query-api`,
      description: 'News pipeline query API (read-only)',
      // The stage is created below, with throttling and access logs.
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
    });

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogGroup', {
      retention: props.accessLogRetention ?? logs.RetentionDays.ONE_MONTH,
    });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: {
        rateLimit: props.throttleRateLimit ?? 20,
        burstLimit: props.throttleBurstLimit ?? 50,
      },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogGroup),
        format: AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
    });

    const integration = new integrations.HttpLambdaIntegration('QueryIntegration', props.handler, {
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
    });
    for (const path of QUERY_API_PATHS) {
      this.httpApi.addRoutes({ path, methods: [apigwv2.HttpMethod.GET], integration, authorizer });
    }
    this.url = this.httpApi.apiEndpoint;
  }
}
