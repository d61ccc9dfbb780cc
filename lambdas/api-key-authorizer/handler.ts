/**
 * Lambda REQUEST authorizer (HTTP API, simple responses) for the optional API-key
 * mode of the query API: allows a request whose `x-api-key` header equals the key
 * stored in Secrets Manager. API Gateway caches each answer per header value.
 *
 * The secret is read once per container and re-read after SECRET_TTL_MS, so a
 * rotated key takes effect without a redeploy. Missing configuration fails at init.
 */

import { getStringFromEnv } from '@aws-lambda-powertools/commons/utils/env';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerResult } from 'aws-lambda';
import { apiKeyMatches } from './api-key-check';

const SECRET_TTL_MS = 5 * 60 * 1000;

const secretId = getStringFromEnv({
  key: 'API_KEY_SECRET_ARN',
  errorMessage: 'API_KEY_SECRET_ARN must name the secret that holds the API key',
});
const secrets = new SecretsManagerClient({});

let cached: { readonly key: Promise<string>; readonly readAt: number } | undefined;

function expectedKey(): Promise<string> {
  if (!cached || Date.now() - cached.readAt > SECRET_TTL_MS) {
    const key = secrets.send(new GetSecretValueCommand({ SecretId: secretId })).then((out) => {
      if (!out.SecretString) throw new Error(`Secret ${secretId} has no string value`);
      return out.SecretString;
    });
    // A failed read is not cached: the next request tries again.
    key.catch(() => {
      if (cached?.key === key) cached = undefined;
    });
    cached = { key, readAt: Date.now() };
  }
  return cached.key;
}

export const handler = async (
  event: APIGatewayRequestAuthorizerEventV2,
): Promise<APIGatewaySimpleAuthorizerResult> => ({
  isAuthorized: apiKeyMatches(event.headers?.['x-api-key'], await expectedKey()),
});
