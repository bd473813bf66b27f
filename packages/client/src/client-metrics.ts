import { type Attributes, type Histogram, type MeterProvider, metrics } from '@opentelemetry/api';
import { METRIC_HTTP_CLIENT_REQUEST_DURATION } from '@opentelemetry/semantic-conventions';
import { meterOf } from './scope.js';

// Bucket boundaries recommended by the HTTP semantic conventions, in seconds.
const DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];

interface Instruments {
  provider: MeterProvider;
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
    duration: meter.createHistogram(METRIC_HTTP_CLIENT_REQUEST_DURATION, {
      description: 'Duration of the HTTP calls made by the client',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    }),
  };
  return instruments;
}

/**
 * Records one call, whatever its outcome. The histogram's `count` is the number of calls, so no
 * separate counter is needed.
 */
export function recordClientCall(durationSeconds: number, attributes: Attributes): void {
  currentInstruments().duration.record(durationSeconds, attributes);
}
