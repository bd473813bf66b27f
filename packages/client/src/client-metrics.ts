import { type Attributes, metrics } from '@opentelemetry/api';
import { METRIC_HTTP_CLIENT_REQUEST_DURATION } from '@opentelemetry/semantic-conventions';

/** Name of the counter of calls made to the server, one per call whatever its outcome. */
export const CLIENT_REQUESTS_METRIC = 'tracing_lab.client.requests';

// Bucket boundaries recommended by the HTTP semantic conventions, in seconds.
const DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];

/**
 * Records one call in both instruments. The meter is looked up on every call, not once at import,
 * because the metrics API has no proxy: a meter taken before `setupTelemetry` would stay a no-op.
 */
export function recordClientCall(durationSeconds: number, attributes: Attributes): void {
  const meter = metrics.getMeter('@tracing-lab/client');
  meter
    .createCounter(CLIENT_REQUESTS_METRIC, {
      description: 'Calls made by the client to the server',
      unit: '{request}',
    })
    .add(1, attributes);
  meter
    .createHistogram(METRIC_HTTP_CLIENT_REQUEST_DURATION, {
      description: 'Duration of the HTTP calls made by the client',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    })
    .record(durationSeconds, attributes);
}
