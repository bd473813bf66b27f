import type { IncomingMessage } from 'node:http';
import {
  type Attributes,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
} from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  HTTP_REQUEST_METHOD_VALUE_OTHER,
} from '@opentelemetry/semantic-conventions';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { httpPeerAttributes, httpServerAttributes } from './http-attributes.js';
import { createRequestMetrics } from './request-metrics.js';
import { tracer } from './scope.js';

/**
 * Traces every request by hand. The caller's trace context arrives in the `traceparent` and
 * `baggage` headers: extract it, then start the SERVER span as its child. Missing or invalid
 * headers extract to an empty context, so the span simply starts a fresh trace.
 */
export function traceRequests(): MiddlewareHandler {
  const recordMetrics = createRequestMetrics();
  return async function traceRequest(c, next) {
    const started = performance.now();
    const extractedContext = propagation.extract(ROOT_CONTEXT, c.req.header());
    const attributes = httpServerAttributes(c.req.raw, incomingOf(c));
    // `{method} {route}` once the route is known.
    const methodName = spanMethodOf(attributes);
    const spanOptions = { kind: SpanKind.SERVER, attributes };

    await tracer().startActiveSpan(methodName, spanOptions, extractedContext, async (span) => {
      try {
        await next();
      } finally {
        const route = matchedRoute(c);
        const outcome: Attributes = { [ATTR_HTTP_RESPONSE_STATUS_CODE]: c.res.status };
        if (route !== undefined) {
          span.updateName(`${methodName} ${route}`);
          outcome[ATTR_HTTP_ROUTE] = route;
        }
        // One error.type for the span and the metric: the exception's type, else the 5xx status.
        if (c.error) outcome[ATTR_ERROR_TYPE] = c.error.name;
        else if (c.res.status >= 500) outcome[ATTR_ERROR_TYPE] = String(c.res.status);
        if (c.error) span.recordException(c.error);
        if (c.res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.setAttributes(outcome);
        span.end();
        recordMetrics((performance.now() - started) / 1000, { ...attributes, ...outcome });
      }
    });
  };
}

/**
 * A SERVER span for a request refused before any route could see it (the adaptor could not read
 * its URL or Host header): it is answered 400, and it shows in traces and metrics all the same.
 */
export function traceRejectedRequests(): (incoming: IncomingMessage) => Response {
  const recordMetrics = createRequestMetrics();
  return function traceRejectedRequest(incoming) {
    const started = performance.now();
    const attributes: Attributes = {
      ...httpPeerAttributes(incoming),
      [ATTR_HTTP_RESPONSE_STATUS_CODE]: 400,
    };
    tracer()
      .startSpan(spanMethodOf(attributes), { kind: SpanKind.SERVER, attributes }, ROOT_CONTEXT)
      .end();
    recordMetrics((performance.now() - started) / 1000, attributes);
    return new Response(null, { status: 400 });
  };
}

/** The method part of a span name: an unknown method (`_OTHER`) is named `HTTP`. */
function spanMethodOf(attributes: Attributes): string {
  const method = attributes[ATTR_HTTP_REQUEST_METHOD];
  return method === HTTP_REQUEST_METHOD_VALUE_OTHER ? 'HTTP' : String(method);
}

/** The route template that answered (`/hello`), or undefined when no route matched (a 404). */
function matchedRoute(c: Context): string | undefined {
  // Middleware is registered for ALL methods; the route that answered has a real method.
  return matchedRoutes(c).find((r) => r.method !== 'ALL')?.path;
}

function incomingOf(c: Context): IncomingMessage | undefined {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
}
