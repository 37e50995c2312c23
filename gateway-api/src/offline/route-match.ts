import { parse as parseQueryString } from 'node:querystring';
import { ValidationError } from '../errors';
import type { Route } from '../http/route';

/** A route of the API named as `METHOD /path?query`, matched as Express would: the route, its params, its query. */
export interface MatchedRoute {
  readonly route: Route;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | string[] | undefined>>;
}

const ROUTE_TEXT = /^(GET|POST) (\/[^?#\s]*)(?:\?([^#\s]*))?$/;

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ValidationError(`route: ${segment} is not valid percent-encoding`);
  }
}

/** The path parameters of `path` under `pattern` (`/v1/projects/:id`), or undefined when it does not match. */
function paramsOf(pattern: string, path: string): Record<string, string> | undefined {
  const expected = pattern.split('/');
  const actual = path.split('/');
  if (expected.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of expected.entries()) {
    const segment = actual[i] ?? '';
    if (part.startsWith(':')) {
      if (segment === '') return undefined;
      params[part.slice(1)] = decoded(segment);
    } else if (part !== segment) return undefined;
  }
  return params;
}

/**
 * The route `text` (`POST /v1/projects/P-1/documents`, `GET /v1/projects?status=AUTHORISED`) names among `routes`:
 * 400 VALIDATION when the text is not a method and a path, undefined when no route has that method and path.
 */
export function matchRoute(routes: readonly Route[], text: string): MatchedRoute | undefined {
  const parts = ROUTE_TEXT.exec(text);
  const [, method = '', path = '', query = ''] = parts ?? [];
  if (parts === null) throw new ValidationError('route: expected "GET /v1/…" or "POST /v1/…"');
  for (const route of routes) {
    if (route.method !== method.toLowerCase()) continue;
    const params = paramsOf(route.path, path);
    if (params !== undefined) return { route, params, query: parseQueryString(query) };
  }
  return undefined;
}
