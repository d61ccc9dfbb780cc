/** Articles, uploads and API Gateway HTTP API (payload 2.0) events for the query API tests. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { ParsedArticle } from '../../../lambdas/domain/article';
import {
  type ArticleRecord,
  buildArticleRecord,
  rejectedUpload,
  type UploadRecord,
} from '../../../lambdas/domain/article-record';
import type { Classification, StanceLabel } from '../../../lambdas/domain/classification';

export interface ArticleSpec {
  readonly title: string;
  readonly date?: string;
  readonly topics?: readonly string[];
  readonly russia?: StanceLabel;
  readonly alignment?: Classification['alignment']['label'];
  readonly language?: string;
  readonly source?: string;
  readonly key?: string;
  readonly ingestedAt?: string;
}

/** An article record as the pipeline would store it, with evidence on the russia stance. */
export function articleRecord(spec: ArticleSpec): ArticleRecord {
  const body = `${spec.title}. Body text about ${spec.topics?.join(' and ') ?? 'nothing'} in ${spec.date ?? 'no date'}.`;
  const article: ParsedArticle = {
    title: spec.title,
    body,
    date: spec.date,
    datePrecision: spec.date === undefined ? undefined : spec.date.length === 7 ? 'month' : 'day',
    relatedHeadlines: [],
    language: spec.language ?? 'de',
    wordCount: body.split(' ').length,
    format: 'plain',
  };
  const classification: Classification = {
    language: article.language,
    topics: (spec.topics ?? ['politics']).map((slug, i) => ({ slug, score: 0.9 - i * 0.1 })),
    stance: {
      russia: {
        label: spec.russia ?? 'against',
        score: 0.8,
        evidence: [
          {
            phrase: 'Body',
            field: 'text',
            start: spec.title.length + 2,
            end: spec.title.length + 6,
            sentence: 1,
            weight: -1,
            cue: 'framing',
          },
        ],
      },
      ukraine: { label: 'none', score: 0.9, evidence: [] },
    },
    alignment: { label: spec.alignment ?? 'pro_western', score: 0.7 },
    classifier: { name: 'fixture', version: 'fixture-1' },
  };
  const key = spec.key ?? `incoming/${spec.source ?? 'misc'}/${spec.title.replace(/\W+/g, '-')}.txt`;
  return buildArticleRecord({
    ref: { bucket: 'news-drop', key, versionId: 'v1', etag: 'e1' },
    article,
    classification,
    source: spec.source,
    now: spec.ingestedAt ?? '2024-06-01T10:00:00.000Z',
  });
}

export function rejected(key: string, updatedAt: string, bucket = 'news-drop'): UploadRecord {
  return rejectedUpload({ bucket, key }, { code: 'EMPTY', reason: 'The file is empty.' }, updatedAt);
}

/** A request as API Gateway HTTP API hands it to Lambda with the `$default` route (payload format 2.0). */
export function apiEvent(
  rawPath: string,
  query: Record<string, string> = {},
  method = 'GET',
): APIGatewayProxyEventV2 {
  const rawQueryString = new URLSearchParams(query).toString();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    ...(rawQueryString ? { queryStringParameters: { ...query } } : {}),
    headers: {
      accept: 'application/json',
      host: 'abc123.execute-api.eu-central-1.amazonaws.com',
      'user-agent': 'curl/8.5.0',
      'x-forwarded-for': '198.51.100.7',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-central-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: {
        method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '198.51.100.7',
        userAgent: 'curl/8.5.0',
      },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: '$default',
      stage: '$default',
      time: '01/Jun/2024:10:00:00 +0000',
      timeEpoch: 1717236000000,
    },
    isBase64Encoded: false,
  };
}

/** The same request matched by a declared route (`GET /api/articles/{articleId}`), with path parameters. */
export function routedEvent(
  routeKey: string,
  rawPath: string,
  pathParameters: Record<string, string>,
  query: Record<string, string> = {},
): APIGatewayProxyEventV2 {
  const event = apiEvent(rawPath, query);
  return { ...event, routeKey, pathParameters, requestContext: { ...event.requestContext, routeKey } };
}
