import { type Attributes, metrics } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_SCHEME,
  METRIC_HTTP_SERVER_REQUEST_DURATION,
} from '@opentelemetry/semantic-conventions';
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';

export const METRIC_SERVER_REQUESTS = 'tracing_lab.server.requests';

// Semantic-convention advice for HTTP durations, in seconds.
const DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];

/**
 * Counts requests and records `http.server.request.duration`. The instruments are created here,
 * at app creation, because the metrics API has no proxy: the meter provider must exist first.
 */
export function requestMetrics(): MiddlewareHandler {
  const meter = metrics.getMeter('@tracing-lab/server');
  const duration = meter.createHistogram(METRIC_HTTP_SERVER_REQUEST_DURATION, {
    description: 'Duration of HTTP server requests.',
    unit: 's',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS },
  });
  const requests = meter.createCounter(METRIC_SERVER_REQUESTS, {
    description: 'HTTP requests served.',
    unit: '{request}',
  });
  return async function recordRequestMetrics(c, next) {
    const started = performance.now();
    await next();
    const status = c.res.status;
    // Middleware is registered for ALL methods; the route that answered has a real method.
    const route = matchedRoutes(c).find((r) => r.method !== 'ALL')?.path;
    const attributes: Attributes = {
      [ATTR_HTTP_REQUEST_METHOD]: c.req.method,
      [ATTR_URL_SCHEME]: new URL(c.req.url).protocol.replace(/:$/, ''),
      [ATTR_HTTP_RESPONSE_STATUS_CODE]: status,
    };
    // Unmatched paths have no route: leaving it out keeps the metric's cardinality bounded.
    if (route !== undefined) attributes[ATTR_HTTP_ROUTE] = route;
    if (status >= 500) attributes[ATTR_ERROR_TYPE] = String(status);
    duration.record((performance.now() - started) / 1000, attributes);
    requests.add(1, attributes);
  };
}
