import type { ErrorHandler } from '@opentelemetry/core';
import { createExportReporter } from './export-reporter.js';
import { shortReason } from './failure-reason.js';
import type { OtlpEndpoints } from './types.js';

// The metric reader wraps a failed export in a new Error whose message carries the original one.
const METRICS_EXPORT_FAILURE = /^PeriodicExportingMetricReader: metrics export failed/;
// What the gRPC exporters reject with (grpc-js status errors, socket and DNS errors).
const EXPORT_FAILURE = /^\d+ [A-Z_]+:|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|Timeout|Deadline/;

export interface ExportErrorOptions {
  endpoints: OtlpEndpoints;
  log: (line: string) => void;
  intervalMillis: number;
}

/**
 * The SDK's global error handler, replaced by short, rate-limited lines: export failures name the
 * signal and its endpoint and count the failures in between; any other SDK error becomes one
 * `[telemetry] <reason>` line at most per interval. Never a stack trace.
 */
export function exportErrorHandler({
  endpoints,
  log,
  intervalMillis,
}: ExportErrorOptions): ErrorHandler {
  const reporters = {
    traces: createExportReporter({
      signal: 'traces',
      endpoint: endpoints.traces,
      log,
      intervalMillis,
    }),
    metrics: createExportReporter({
      signal: 'metrics',
      endpoint: endpoints.metrics,
      log,
      intervalMillis,
    }),
  };
  let lastOtherLineAt: number | undefined;
  return (error) => {
    const message = error instanceof Error ? error.message : String(error);
    if (METRICS_EXPORT_FAILURE.test(message)) return reporters.metrics.failed(error);
    if (EXPORT_FAILURE.test(message)) return reporters.traces.failed(error);
    const now = Date.now();
    if (lastOtherLineAt !== undefined && now - lastOtherLineAt < intervalMillis) return;
    lastOtherLineAt = now;
    log(`[telemetry] ${shortReason(error)}`);
  };
}
