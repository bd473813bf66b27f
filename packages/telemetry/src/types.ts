import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace';

/** Where each signal is sent, as the user wrote it (used in log lines only). */
export interface OtlpEndpoints {
  traces: string;
  metrics: string;
}

/** Options of {@link setupTelemetry}. */
export interface TelemetryOptions {
  /** `service.name`, unless `OTEL_SERVICE_NAME` / `OTEL_RESOURCE_ATTRIBUTES` say otherwise. */
  serviceName: string;
  serviceVersion: string;
  /** Defaults to the OTLP gRPC exporter, configured by the `OTEL_EXPORTER_OTLP_*` variables. */
  spanExporter?: SpanExporter;
  /** Defaults to the OTLP gRPC exporter, configured by the `OTEL_EXPORTER_OTLP_*` variables. */
  metricExporter?: PushMetricExporter;
  metricExportIntervalMillis?: number;
  /** Receives every line the telemetry prints (export failures, recoveries, shutdown problems). */
  log?: (line: string) => void;
  /** At most one export-failure line per signal per this many milliseconds. */
  errorReportIntervalMillis?: number;
  /** Endpoint names shown in log lines; compute them with `otlpEndpointsFromEnv(process.env)`. */
  endpoints?: Partial<OtlpEndpoints>;
  /** Upper bound for `forceFlush()` and `shutdown()`, so a dead collector never blocks an exit. */
  flushTimeoutMillis?: number;
}

/** What {@link setupTelemetry} returns. */
export interface Telemetry {
  /** Flushes both signals, then unregisters the OpenTelemetry globals. Never rejects. */
  shutdown(): Promise<void>;
  /** Exports what is buffered now. Never rejects: failures are logged by the reporter. */
  forceFlush(): Promise<void>;
}
