import type { IncomingMessage } from 'node:http';
import type { Attributes, Baggage } from '@opentelemetry/api';
import {
  ATTR_CLIENT_ADDRESS,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_NETWORK_PEER_ADDRESS,
  ATTR_NETWORK_PEER_PORT,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
  HTTP_REQUEST_METHOD_VALUE_OTHER,
} from '@opentelemetry/semantic-conventions';

// The methods of RFC 9110 and RFC 5789; any other keeps metric series bounded as `_OTHER`.
const KNOWN_METHODS = new Set([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'TRACE',
]);

/** `http.request.method` as the conventions want it: a known method, or `_OTHER`. */
export function normalizedMethod(method: string): string {
  return KNOWN_METHODS.has(method) ? method : HTTP_REQUEST_METHOD_VALUE_OTHER;
}

/** `[::1]` (a URL's IPv6 host) becomes `::1`, as `server.address` wants it. */
export function bareHost(hostname: string): string {
  return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
}

/**
 * Stable HTTP semantic-convention attributes of an incoming request, known before routing.
 * `incoming` is Node's request behind the Fetch API one (absent when a test calls `app.request`).
 */
export function httpServerAttributes(request: Request, incoming?: IncomingMessage): Attributes {
  const url = new URL(request.url);
  const scheme = url.protocol.replace(/:$/, '');
  const attributes: Attributes = {
    ...methodAttributes(request.method),
    [ATTR_URL_SCHEME]: scheme,
    [ATTR_URL_PATH]: url.pathname,
    [ATTR_SERVER_ADDRESS]: bareHost(url.hostname),
    [ATTR_SERVER_PORT]: Number(url.port) || (scheme === 'https' ? 443 : 80),
  };
  if (url.search) attributes[ATTR_URL_QUERY] = url.search.slice(1);
  const userAgent = request.headers.get('user-agent');
  if (userAgent) attributes[ATTR_USER_AGENT_ORIGINAL] = userAgent;
  return incoming ? { ...attributes, ...httpPeerAttributes(incoming) } : attributes;
}

/** What the connection tells about a request: method, protocol version, the client's address. */
export function httpPeerAttributes(incoming: IncomingMessage): Attributes {
  const attributes: Attributes = {
    ...methodAttributes(incoming.method ?? ''),
    [ATTR_NETWORK_PROTOCOL_VERSION]: incoming.httpVersion,
  };
  const { remoteAddress, remotePort } = incoming.socket;
  if (remoteAddress) {
    // No proxy header is trusted: the client is the peer of the socket.
    attributes[ATTR_CLIENT_ADDRESS] = remoteAddress;
    attributes[ATTR_NETWORK_PEER_ADDRESS] = remoteAddress;
  }
  if (remotePort) attributes[ATTR_NETWORK_PEER_PORT] = remotePort;
  return attributes;
}

function methodAttributes(method: string): Attributes {
  const normalized = normalizedMethod(method);
  return normalized === method
    ? { [ATTR_HTTP_REQUEST_METHOD]: method }
    : { [ATTR_HTTP_REQUEST_METHOD]: normalized, [ATTR_HTTP_REQUEST_METHOD_ORIGINAL]: method };
}

// Baggage comes from the caller, possibly hostile: a bounded number of short attributes only.
export const MAX_BAGGAGE_ATTRIBUTES = 16;
export const MAX_BAGGAGE_KEY_LENGTH = 64;
export const MAX_BAGGAGE_VALUE_LENGTH = 256;

// W3C Baggage list-member: key is an RFC 7230 token, value only baggage-octets (printable
// ASCII but for space, `"`, `,`, `;` and `\`; anything else travels percent-encoded).
const LIST_MEMBER =
  /^[ \t]*([!#$%&'*+\-.^_`|~0-9A-Za-z]+)[ \t]*=[ \t]*[!#-+\--:<-[\]-~]*[ \t]*(;[ -~]*)?$/;

/** Keys of the members of a raw `baggage` header that follow the W3C rules. */
function validBaggageKeys(header: string | undefined): Set<string> {
  const keys = (header ?? '').split(',').map((member) => LIST_MEMBER.exec(member)?.[1]);
  return new Set(keys.filter((key) => key !== undefined));
}

/**
 * One span attribute per incoming baggage member: `method=repl` becomes `baggage.method=repl`.
 * The prefix keeps a caller from overwriting the server's own attributes (`http.route`, ...).
 * Members that break the W3C rules (raw UTF-8, spaces inside) are dropped, and so are values
 * that decode to control characters.
 */
export function baggageAttributes(baggage: Baggage | undefined, header?: string): Attributes {
  const valid = validBaggageKeys(header);
  const entries = (baggage?.getAllEntries() ?? [])
    .filter(([key, { value }]) => valid.has(key) && !/\p{Cc}/u.test(value))
    .slice(0, MAX_BAGGAGE_ATTRIBUTES);
  return Object.fromEntries(
    entries.map(([key, { value }]) => [
      `baggage.${key.slice(0, MAX_BAGGAGE_KEY_LENGTH)}`,
      value.slice(0, MAX_BAGGAGE_VALUE_LENGTH),
    ]),
  );
}
