import * as path from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { createPipelineFunction, REPO_ROOT } from './node-function-defaults';

/** The request header that carries the API key (HTTP API lower-cases header names). */
export const API_KEY_HEADER = 'x-api-key';

export interface ApiKeyAuthorizerProps {
  /**
   * Authorizer source file, bundled by the local esbuild.
   * @default lambdas/api-key-authorizer/handler.ts
   */
  readonly entry?: string;
  /**
   * How long API Gateway caches an allow or deny answer for one header value.
   * @default Duration.minutes(5)
   */
  readonly resultsCacheTtl?: Duration;
  /**
   * Retention of the authorizer function's log group.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the API key secret when it leaves the stack.
   * @default RemovalPolicy.DESTROY (a new key is generated on the next deploy)
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * API-key authorisation for an HTTP API, which has no native API keys: a
 * generated secret in Secrets Manager, and a small Lambda REQUEST authorizer
 * (simple responses) that compares the `x-api-key` header with it in constant
 * time. Answers are cached per header value, so the function runs about once
 * per key and TTL, not once per request. A request without the header is
 * refused by API Gateway (401) without invoking the function.
 */
export class ApiKeyAuthorizer extends Construct {
  /** The API key. Read it with `aws secretsmanager get-secret-value`. */
  public readonly secret: secretsmanager.Secret;
  public readonly function: nodejs.NodejsFunction;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;
  /** Pass to `HttpApi` routes as their authorizer. */
  public readonly authorizer: authorizers.HttpLambdaAuthorizer;

  constructor(scope: Construct, id: string, props: ApiKeyAuthorizerProps = {}) {
    super(scope, id);

    this.secret = new secretsmanager.Secret(this, 'ApiKeySecret', {
      description: 'API key for the news query API (send it in the x-api-key header).',
      generateSecretString: { passwordLength: 40, excludePunctuation: true },
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The API key is a shared credential that dashboard tools (Grafana, scripts) hold in their own configuration, so an automatic rotation would silently lock them out. It is rotated by an operator (put-secret-value, then update the tools); the authorizer re-reads the secret every 5 minutes. IAM (SigV4) auth is the default and needs no long-lived key.',
    });

    const parts = createPipelineFunction(this, {
      entry: props.entry ?? path.join(REPO_ROOT, 'lambdas', 'api-key-authorizer', 'handler.ts'),
      roleDescription: 'Query API key authorizer: read the API key secret.',
      timeout: Duration.seconds(5),
      memorySize: 256,
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      environment: { API_KEY_SECRET_ARN: this.secret.secretArn },
    });
    this.logGroup = parts.logGroup;
    this.role = parts.role;
    this.function = parts.function;
    this.secret.grantRead(this.role);

    this.authorizer = new authorizers.HttpLambdaAuthorizer('ApiKeyAuthorizer', this.function, {
      responseTypes: [authorizers.HttpLambdaResponseType.SIMPLE],
      identitySource: [`$request.header.${API_KEY_HEADER}`],
      resultsCacheTtl: props.resultsCacheTtl ?? Duration.minutes(5),
    });
  }
}
