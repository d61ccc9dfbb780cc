/**
 * The query API's routes. The stack declares the same route keys on the HTTP
 * API, and the local server fills `routeKey` and `pathParameters` from them,
 * so the handler sees the same event in both places.
 */

export const API_ROUTES = {
  listArticles: 'GET /api/articles',
  getArticle: 'GET /api/articles/{articleId}',
  counts: 'GET /api/counts',
  upload: 'GET /api/uploads',
  failures: 'GET /api/failures',
  meta: 'GET /api/meta',
} as const;

export type RouteName = keyof typeof API_ROUTES;

/** Every route key, for the HTTP API and the local server. */
export const API_ROUTE_KEYS: readonly string[] = Object.values(API_ROUTES);

export interface RouteMatch {
  readonly name: RouteName;
  readonly pathParameters: Readonly<Record<string, string>>;
}

/** The route a method and path match, with its path parameters (decoded, as API Gateway passes them). */
export function matchRoute(method: string, path: string): RouteMatch | undefined {
  for (const [name, routeKey] of Object.entries(API_ROUTES) as [RouteName, string][]) {
    const pathParameters = matchRouteKey(routeKey, method, path);
    if (pathParameters) return { name, pathParameters };
  }
  return undefined;
}

/** Path parameters when `method path` matches `routeKey` (`GET /a/{id}`), else undefined. */
export function matchRouteKey(
  routeKey: string,
  method: string,
  path: string,
): Record<string, string> | undefined {
  const [routeMethod = '', template = ''] = routeKey.split(' ');
  if (routeMethod !== 'ANY' && routeMethod !== method.toUpperCase()) return undefined;
  const want = template.split('/');
  const got = (path.length > 1 ? path.replace(/\/+$/, '') : path).split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const actual = got[i] ?? '';
    const param = /^\{(\w+)\}$/.exec(part)?.[1];
    if (param) {
      if (actual === '') return undefined;
      params[param] = safeDecode(actual);
    } else if (part !== actual) return undefined;
  }
  return params;
}

/** The route an event is for: its route key when it is one of ours, else its method and path. */
export function routeOf(event: {
  readonly routeKey: string;
  readonly rawPath: string;
  readonly pathParameters?: Readonly<Record<string, string | undefined>>;
  readonly requestContext: { readonly http: { readonly method: string }; readonly stage?: string };
}): RouteMatch | undefined {
  const byKey = (Object.entries(API_ROUTES) as [RouteName, string][]).find(
    ([, key]) => key === event.routeKey,
  );
  if (byKey) {
    const pathParameters = Object.fromEntries(
      Object.entries(event.pathParameters ?? {}).filter((e): e is [string, string] => e[1] !== undefined),
    );
    return { name: byKey[0], pathParameters };
  }
  const stage = event.requestContext.stage;
  const path =
    stage && stage !== '$default' && event.rawPath.startsWith(`/${stage}/`)
      ? event.rawPath.slice(stage.length + 1)
      : event.rawPath;
  return matchRoute(event.requestContext.http.method, path);
}

const safeDecode = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};
