import type { IMetricReader } from '@opentelemetry/sdk-metrics';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';

/** Where each signal is sent, as the user wrote it (used in log lines only). */
export interface OtlpEndpoints {
  traces: string;
  metrics: string;
}

/** How telemetry reports problems and bounds its flushes. */
export interface LifecycleOptions {
  /** Receives every line the telemetry prints (export failures, shutdown problems). */
  log?: (line: string) => void;
  /** At most one export-failure line per signal per this many milliseconds. */
  errorReportIntervalMillis?: number;
  /** Endpoint names shown in log lines; compute them with `otlpEndpointsFromEnv(process.env)`. */
  endpoints?: OtlpEndpoints;
  /** Upper bound for `forceFlush()` and `shutdown()`, so a dead collector never blocks an exit. */
  flushTimeoutMillis?: number;
}

/** Options of {@link setupTelemetry}. */
export interface TelemetryOptions extends LifecycleOptions {
  /** `service.name`, unless `OTEL_SERVICE_NAME` / `OTEL_RESOURCE_ATTRIBUTES` say otherwise. */
  serviceName: string;
  serviceVersion: string;
  /** Replace what `OTEL_TRACES_EXPORTER` would build (tests pass an in-memory exporter here). */
  spanProcessors?: SpanProcessor[];
  /** Replace what `OTEL_METRICS_EXPORTER` would build (tests pass an in-memory exporter here). */
  metricReaders?: IMetricReader[];
}

/** What {@link setupTelemetry} returns. */
export interface Telemetry {
  /** Flushes both signals, then unregisters the OpenTelemetry globals. Never rejects. */
  shutdown(): Promise<void>;
  /** Exports what is buffered now. Never rejects: failures are logged in rate-limited lines. */
  forceFlush(): Promise<void>;
}
