import {
  type Attributes,
  type Counter,
  type Histogram,
  type MeterProvider,
  metrics,
} from '@opentelemetry/api';
import { METRIC_HTTP_CLIENT_REQUEST_DURATION } from '@opentelemetry/semantic-conventions';
import { meterOf } from './scope.js';

/** Name of the counter of calls made to the server, one per call whatever its outcome. */
export const CLIENT_REQUESTS_METRIC = 'tracing_lab.client.requests';

// Bucket boundaries recommended by the HTTP semantic conventions, in seconds.
const DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];

interface Instruments {
  provider: MeterProvider;
  requests: Counter;
  duration: Histogram;
}

let instruments: Instruments | undefined;

/**
 * The instruments are made once per meter provider, not once at import: the metrics API has no
 * proxy, so instruments taken before `setupTelemetry` (or after a shutdown) would stay no-ops.
 */
function currentInstruments(): Instruments {
  const provider = metrics.getMeterProvider();
  if (instruments?.provider === provider) return instruments;
  const meter = meterOf(provider);
  instruments = {
    provider,
    requests: meter.createCounter(CLIENT_REQUESTS_METRIC, {
      description: 'Calls made by the client to the server',
      unit: '{request}',
    }),
    duration: meter.createHistogram(METRIC_HTTP_CLIENT_REQUEST_DURATION, {
      description: 'Duration of the HTTP calls made by the client',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    }),
  };
  return instruments;
}

/** Records one call in both instruments. */
export function recordClientCall(durationSeconds: number, attributes: Attributes): void {
  const { requests, duration } = currentInstruments();
  requests.add(1, attributes);
  duration.record(durationSeconds, attributes);
}
