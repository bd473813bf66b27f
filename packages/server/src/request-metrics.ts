import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_URL_SCHEME,
  METRIC_HTTP_SERVER_REQUEST_DURATION,
} from '@opentelemetry/semantic-conventions';
import { meter } from './scope.js';

// Semantic-convention advice for HTTP durations, in seconds.
const DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];

// The low-cardinality attributes the conventions keep on HTTP server metrics (no path, no peer).
const METRIC_ATTRIBUTES = [
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_URL_SCHEME,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_ERROR_TYPE,
  ATTR_NETWORK_PROTOCOL_VERSION,
];

/**
 * Records `http.server.request.duration`; its histogram also counts the requests (a data point's
 * `count`), so no separate counter is needed. The instrument is created here, at app creation,
 * because the metrics API has no proxy: the meter provider must exist first. The returned
 * function takes the span's own attributes and keeps the metric ones.
 */
export function createRequestMetrics() {
  const duration = meter().createHistogram(METRIC_HTTP_SERVER_REQUEST_DURATION, {
    description: 'Duration of HTTP server requests.',
    unit: 's',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS },
  });
  return function recordRequestMetrics(seconds: number, spanAttributes: Attributes) {
    const attributes: Attributes = {};
    for (const key of METRIC_ATTRIBUTES) {
      if (spanAttributes[key] !== undefined) attributes[key] = spanAttributes[key];
    }
    duration.record(seconds, attributes);
  };
}
