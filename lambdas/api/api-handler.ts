/**
 * The query API handler (API Gateway HTTP API, payload format 2.0), built
 * from its dependencies so tests and local mode can hand it their own.
 * `handler.ts` builds the real ones once, at module scope.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type ApiMeta, DEFAULT_API_META } from '../domain/api/api-meta';
import { breakdownDimensions, toCountSeries } from '../domain/api/count-breakdown';
import { type ObjectExistence, resolveUploadStatus } from '../domain/api/upload-status';
import { type ArticleQueries, InvalidCursorError } from '../domain/queries';
import {
  articleIdParam,
  articleListParams,
  countsParams,
  failureListParams,
  InvalidParametersError,
  noParams,
  type ParamIssue,
  parseParams,
  uploadParams,
} from './api-params';
import { API_ROUTE_KEYS, type RouteName, routeOf } from './api-routes';

export interface ApiHandlerDependencies {
  readonly queries: ArticleQueries;
  /** Answers PENDING vs NOT_FOUND for uploads to the drop bucket. */
  readonly objects?: ObjectExistence;
  /** The default `bucket` of `/api/uploads`, and the only bucket `objects` is asked about. */
  readonly dropBucket?: string;
  /** Only keys under this prefix are looked up in S3 (the function may read nothing else). @default '' */
  readonly dropPrefix?: string;
  readonly logger: Logger;
  /** @default the meta of the bundled models */
  readonly meta?: ApiMeta;
}

export type ApiResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number; body: string };

type Query = Readonly<Record<string, string | undefined>>;
type RouteResult = { readonly statusCode: number; readonly body: unknown };
type Route = (query: Query, path: Readonly<Record<string, string>>) => Promise<RouteResult>;

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

const respond = (statusCode: number, body: unknown): ApiResponse => ({
  statusCode,
  headers: JSON_HEADERS,
  body: JSON.stringify(body),
});

const badRequest = (issues: readonly ParamIssue[]): ApiResponse =>
  respond(400, {
    error: 'BadRequest',
    message: `Invalid request: ${issues.map((i) => (i.path ? `${i.path} ${i.message}` : i.message)).join('; ')}`,
    issues,
  });

const notFound = (message: string): ApiResponse => respond(404, { error: 'NotFound', message });

export function createApiHandler(deps: ApiHandlerDependencies) {
  const { queries, objects, dropBucket, logger } = deps;
  const dropPrefix = deps.dropPrefix ?? '';
  const meta = deps.meta ?? DEFAULT_API_META;

  const routes: Readonly<Record<RouteName, Route>> = {
    listArticles: async (query) => {
      const { facet, options } = parseParams(articleListParams, query);
      return { statusCode: 200, body: await queries.listArticles(facet, options) };
    },
    getArticle: async (query, path) => {
      parseParams(noParams, query);
      const articleId = parseParams(articleIdParam, path.articleId, 'articleId');
      const article = await queries.getArticle(articleId);
      return article
        ? { statusCode: 200, body: article }
        : { statusCode: 404, body: { error: 'NotFound', message: `No article with id ${articleId}.` } };
    },
    counts: async (query) => {
      const request = parseParams(countsParams, query);
      const also = request.also ?? [];
      // One read of the counter items answers every requested breakdown.
      const points = await queries.countSeries({
        basis: request.basis,
        granularity: request.granularity,
        from: request.from,
        to: request.to,
        dimensions: [request.breakdown, ...also].flatMap(breakdownDimensions),
      });
      const body = toCountSeries(request, points);
      if (also.length === 0) return { statusCode: 200, body };
      return {
        statusCode: 200,
        body: {
          ...body,
          also: Object.fromEntries(
            also.map((breakdown) => [breakdown, toCountSeries({ ...request, breakdown }, points).series]),
          ),
        },
      };
    },
    upload: async (query) => {
      const params = parseParams(uploadParams, query);
      const bucket = params.bucket ?? dropBucket;
      if (!bucket)
        throw new InvalidParametersError([
          { path: 'bucket', message: 'is required (no drop bucket is configured)' },
        ]);
      const upload = await queries.getUpload(bucket, params.key);
      const watched = bucket === dropBucket && params.key.startsWith(dropPrefix);
      const existence = watched ? objects : undefined;
      return { statusCode: 200, body: await resolveUploadStatus(bucket, params.key, upload, existence) };
    },
    failures: async (query) => {
      const { status, options } = parseParams(failureListParams, query);
      return { statusCode: 200, body: await queries.listFailures(status, options) };
    },
    meta: async (query) => {
      parseParams(noParams, query);
      return { statusCode: 200, body: meta };
    },
  };

  return async (event: APIGatewayProxyEventV2): Promise<ApiResponse> => {
    const route = routeOf(event);
    if (!route) {
      return notFound(
        `No route ${event.requestContext.http.method} ${event.rawPath}. Routes: ${API_ROUTE_KEYS.join(', ')}.`,
      );
    }
    try {
      const result = await routes[route.name](event.queryStringParameters ?? {}, route.pathParameters);
      return respond(result.statusCode, result.body);
    } catch (error) {
      if (error instanceof InvalidParametersError) return badRequest(error.issues);
      if (error instanceof InvalidCursorError)
        return badRequest([{ path: 'cursor', message: error.message }]);
      logger.error('Query failed', {
        route: route.name,
        rawPath: event.rawPath,
        requestId: event.requestContext.requestId,
        error: error as Error,
      });
      return respond(500, {
        error: 'InternalError',
        message: 'The query failed. The error is in the function log; try again later.',
      });
    }
  };
}
