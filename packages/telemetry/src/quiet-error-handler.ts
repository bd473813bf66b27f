import type { ErrorHandler } from '@opentelemetry/core';
import { shortReason } from './failure-reason.js';
import { reportedErrors } from './reporting-exporters.js';

// The metric reader wraps a failed export in a new Error: the reporter has already spoken.
const WRAPPED_EXPORT_FAILURE = /^PeriodicExportingMetricReader: metrics export failed/;

/**
 * Replaces the SDK's default error handling with short, rate-limited lines. Export failures are
 * skipped here: the exporters' reporters print them with the endpoint and a failure count.
 */
export function quietErrorHandler(
  log: (line: string) => void,
  intervalMillis: number,
): ErrorHandler {
  let lastLineAt: number | undefined;
  return (error) => {
    if (typeof error === 'object' && error !== null && reportedErrors.has(error)) return;
    const message = error instanceof Error ? error.message : String(error);
    if (WRAPPED_EXPORT_FAILURE.test(message)) return;
    const now = Date.now();
    if (lastLineAt !== undefined && now - lastLineAt < intervalMillis) return;
    lastLineAt = now;
    log(`[telemetry] ${shortReason(error)}`);
  };
}
