import type { Attributes, Baggage } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_ROUTE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
} from '@opentelemetry/semantic-conventions';

/** Stable HTTP semantic-convention attributes of an incoming request. */
export function httpServerAttributes(request: Request, route: string): Attributes {
  const url = new URL(request.url);
  const scheme = url.protocol.replace(/:$/, '');
  const attributes: Attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: request.method,
    [ATTR_URL_SCHEME]: scheme,
    [ATTR_URL_PATH]: url.pathname,
    [ATTR_HTTP_ROUTE]: route,
    [ATTR_SERVER_ADDRESS]: url.hostname,
    [ATTR_SERVER_PORT]: Number(url.port) || (scheme === 'https' ? 443 : 80),
  };
  if (url.search) attributes[ATTR_URL_QUERY] = url.search.slice(1);
  const userAgent = request.headers.get('user-agent');
  if (userAgent) attributes[ATTR_USER_AGENT_ORIGINAL] = userAgent;
  return attributes;
}

// Baggage comes from the caller, possibly hostile: a bounded number of short attributes only.
export const MAX_BAGGAGE_ATTRIBUTES = 16;
export const MAX_BAGGAGE_KEY_LENGTH = 64;
export const MAX_BAGGAGE_VALUE_LENGTH = 256;

/**
 * One span attribute per incoming baggage member: `method=repl` becomes `baggage.method=repl`.
 * The prefix keeps a caller from overwriting the server's own attributes (`http.route`, ...).
 */
export function baggageAttributes(baggage: Baggage | undefined): Attributes {
  const entries = (baggage?.getAllEntries() ?? []).slice(0, MAX_BAGGAGE_ATTRIBUTES);
  return Object.fromEntries(
    entries.map(([key, { value }]) => [
      `baggage.${key.slice(0, MAX_BAGGAGE_KEY_LENGTH)}`,
      value.slice(0, MAX_BAGGAGE_VALUE_LENGTH),
    ]),
  );
}
