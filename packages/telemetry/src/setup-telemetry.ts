import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { telemetryLifecycle } from './lifecycle.js';
import type { Telemetry, TelemetryOptions } from './types.js';

/**
 * Registers the OpenTelemetry SDK for one service. Everything but the service's name and version
 * comes from the standard `OTEL_*` variables, read by the SDK itself: exporters (OTLP by default),
 * sampler, span limits, metric interval, resource detectors, propagators (W3C `traceparent` and
 * `baggage` by default), on an AsyncLocalStorage context manager.
 *
 * @example
 * const telemetry = setupTelemetry({ serviceName: 'server', serviceVersion: '0.1.0' });
 * process.once('SIGTERM', () => telemetry.shutdown().then(() => process.exit(0)));
 */
export function setupTelemetry({
  serviceName,
  serviceVersion,
  spanProcessors,
  metricReaders,
  ...lifecycle
}: TelemetryOptions): Telemetry {
  const sdk = new NodeSDK({
    // The SDK's default resource (telemetry.sdk.*) with the code's name and version on top. The
    // detectors (service.instance.id, process.*, host.*, os.*, then OTEL_RESOURCE_ATTRIBUTES and
    // OTEL_SERVICE_NAME) are merged over it, so the variables win over the code.
    resource: defaultResource().merge(
      resourceFromAttributes({
        [ATTR_SERVICE_NAME]: serviceName,
        [ATTR_SERVICE_VERSION]: serviceVersion,
      }),
    ),
    // No auto-instrumentation: every span of this project is written by hand, in plain sight.
    instrumentations: [],
    // Left undefined, both are built from OTEL_TRACES_EXPORTER / OTEL_METRICS_EXPORTER.
    spanProcessors,
    metricReaders,
  });
  return telemetryLifecycle(() => sdk.start(), lifecycle);
}
