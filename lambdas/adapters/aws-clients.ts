/**
 * SDK clients, configured from the environment. On AWS the defaults apply.
 * Local mode points them at the emulators with the SDK's standard
 * `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL_DYNAMODB` variables, and sets
 * `S3_FORCE_PATH_STYLE=true` because the S3 emulator has no virtual-host DNS.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export function createS3Client(env: NodeJS.ProcessEnv = process.env): S3Client {
  const local = env.S3_FORCE_PATH_STYLE === 'true';
  return new S3Client({
    forcePathStyle: local,
    // The emulator cannot validate flexible checksums; AWS needs no change.
    ...(local
      ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }
      : {}),
  });
}

export function createDocumentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
