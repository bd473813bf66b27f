import { context, metrics, type ProxyTracerProvider, propagation, trace } from '@opentelemetry/api';
import { setGlobalErrorHandler } from '@opentelemetry/core';
import { DEFAULT_OTLP_ENDPOINT } from './endpoints.js';
import { exportErrorHandler } from './export-errors.js';
import { shortReason } from './failure-reason.js';
import { settleBoth } from './flush.js';
import type { LifecycleOptions, Telemetry } from './types.js';

interface Flushable {
  forceFlush?(): Promise<void>;
  shutdown?(): Promise<void>;
}

let started = false;

/**
 * Starts the SDK with short export-error lines instead of the SDK's silence, and returns the
 * bounded `forceFlush()` / `shutdown()` every exit path relies on.
 */
export function telemetryLifecycle(
  start: () => void,
  {
    log = console.error,
    errorReportIntervalMillis = 10_000,
    endpoints = { traces: DEFAULT_OTLP_ENDPOINT, metrics: DEFAULT_OTLP_ENDPOINT },
    flushTimeoutMillis = 3000,
  }: LifecycleOptions,
): Telemetry {
  if (started) {
    throw new Error('setupTelemetry: OpenTelemetry globals already set; call shutdown() first');
  }
  const reportError = exportErrorHandler({
    endpoints,
    log,
    intervalMillis: errorReportIntervalMillis,
  });
  setGlobalErrorHandler(reportError);
  start();
  started = true;
  // Providers the SDK did not create (OTEL_TRACES_EXPORTER=none, say) are no-ops without these.
  const tracerProvider = (
    trace.getTracerProvider() as ProxyTracerProvider
  ).getDelegate() as Flushable;
  const meterProvider = metrics.getMeterProvider() as Flushable;
  const each = (method: 'forceFlush' | 'shutdown') => ({
    traces: async () => tracerProvider[method]?.(),
    metrics: async () => meterProvider[method]?.(),
  });

  let shuttingDown: Promise<void> | undefined;
  return {
    async forceFlush() {
      // Same rate-limited lines as the periodic exports: a flush is one more export attempt.
      for (const { error } of await settleBoth(each('forceFlush'), flushTimeoutMillis)) {
        reportError(error as Error);
      }
    },
    shutdown() {
      shuttingDown ??= (async () => {
        const problems = await settleBoth(each('shutdown'), flushTimeoutMillis);
        trace.disable();
        metrics.disable();
        propagation.disable();
        context.disable();
        started = false;
        if (problems.length > 0) {
          const reasons = problems.map(({ signal, error }) => `${signal}: ${shortReason(error)}`);
          log(`[telemetry] shutdown: data not flushed: ${reasons.join('; ')}`);
        }
      })();
      return shuttingDown;
    },
  };
}
