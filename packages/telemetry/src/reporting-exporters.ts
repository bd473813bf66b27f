import type { ExportResult } from '@opentelemetry/core';
import { ExportResultCode } from '@opentelemetry/core';
import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import type { ExportReporter } from './export-reporter.js';

/** Errors already reported in a rate-limited line; the global error handler skips them. */
export const reportedErrors = new WeakSet<object>();

function observe(reporter: ExportReporter, done: (result: ExportResult) => void) {
  return (result: ExportResult) => {
    if (result.code === ExportResultCode.SUCCESS) {
      reporter.succeeded();
    } else {
      if (typeof result.error === 'object' && result.error !== null) {
        reportedErrors.add(result.error);
      }
      reporter.failed(result.error ?? 'export failed');
    }
    done(result);
  };
}

/** The span exporter, with every export outcome shown to the reporter. */
export function reportingSpanExporter(
  exporter: SpanExporter,
  reporter: ExportReporter,
): SpanExporter {
  return {
    export: (spans: ReadableSpan[], done) => exporter.export(spans, observe(reporter, done)),
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

/** The metric exporter, with every export outcome shown to the reporter. */
export function reportingMetricExporter(
  exporter: PushMetricExporter,
  reporter: ExportReporter,
): PushMetricExporter {
  return {
    export: (metrics: ResourceMetrics, done) => exporter.export(metrics, observe(reporter, done)),
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush(),
    // The reader asks the exporter which temporality/aggregation it wants: keep its answers.
    selectAggregationTemporality: exporter.selectAggregationTemporality?.bind(exporter),
    selectAggregation: exporter.selectAggregation?.bind(exporter),
  };
}
