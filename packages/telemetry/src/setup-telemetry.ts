import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  CompositePropagator,
  setGlobalErrorHandler,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import {
  detectResources,
  resourceAttributesEnvDetector,
  resourceFromAttributes,
  serviceNameEnvDetector,
} from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { exporterAddress } from './endpoints.js';
import { createExportReporter } from './export-reporter.js';
import { settleBoth } from './flush.js';
import { quietErrorHandler } from './quiet-error-handler.js';
import { reportingMetricExporter, reportingSpanExporter } from './reporting-exporters.js';
import type { Telemetry, TelemetryOptions } from './types.js';

/**
 * Registers the OpenTelemetry globals for one service: resource, AsyncLocalStorage context
 * manager, W3C traceparent + baggage propagator, tracer and meter providers exporting over OTLP
 * gRPC, and short rate-limited lines when an export fails.
 *
 * @example
 * const telemetry = setupTelemetry({ serviceName: 'server', serviceVersion: '0.1.0' });
 * process.once('SIGTERM', () => telemetry.shutdown().then(() => process.exit(0)));
 */
export function setupTelemetry({
  serviceName,
  serviceVersion,
  spanExporter = new OTLPTraceExporter(),
  metricExporter = new OTLPMetricExporter(),
  metricExportIntervalMillis = 2000,
  log = console.error,
  errorReportIntervalMillis = 10_000,
  endpoints = {},
  flushTimeoutMillis = 3000,
}: TelemetryOptions): Telemetry {
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (read by the SDK detectors) win over the code.
  const resource = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: serviceName,
    [ATTR_SERVICE_VERSION]: serviceVersion,
  }).merge(detectResources({ detectors: [resourceAttributesEnvDetector, serviceNameEnvDetector] }));

  const reporter = (signal: 'traces' | 'metrics', exporter: unknown) =>
    createExportReporter({
      signal,
      endpoint: endpoints[signal] ?? exporterAddress(exporter) ?? 'the configured exporter',
      log,
      intervalMillis: errorReportIntervalMillis,
    });

  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: reportingSpanExporter(spanExporter, reporter('traces', spanExporter)),
      }),
    ],
  });
  const meterProvider = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: reportingMetricExporter(metricExporter, reporter('metrics', metricExporter)),
        exportIntervalMillis: metricExportIntervalMillis,
      }),
    ],
  });

  setGlobalErrorHandler(quietErrorHandler(log, errorReportIntervalMillis));
  const registered = [
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()),
    propagation.setGlobalPropagator(
      new CompositePropagator({
        propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
      }),
    ),
    trace.setGlobalTracerProvider(tracerProvider),
    metrics.setGlobalMeterProvider(meterProvider),
  ];
  if (registered.includes(false)) {
    throw new Error('setupTelemetry: OpenTelemetry globals already set; call shutdown() first');
  }

  let shuttingDown: Promise<void> | undefined;
  return {
    async forceFlush() {
      const work = {
        traces: () => tracerProvider.forceFlush(),
        metrics: () => meterProvider.forceFlush(),
      };
      const problems = await settleBoth(work, flushTimeoutMillis, { includeReported: false });
      if (problems.length > 0) log(`[telemetry] flush incomplete: ${problems.join('; ')}`);
    },
    shutdown() {
      shuttingDown ??= (async () => {
        const work = {
          traces: () => tracerProvider.shutdown(),
          metrics: () => meterProvider.shutdown(),
        };
        const problems = await settleBoth(work, flushTimeoutMillis, { includeReported: true });
        trace.disable();
        metrics.disable();
        propagation.disable();
        context.disable();
        if (problems.length > 0)
          log(`[telemetry] shutdown: data not flushed: ${problems.join('; ')}`);
      })();
      return shuttingDown;
    },
  };
}
