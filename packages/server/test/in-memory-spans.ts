import { SpanKind } from '@opentelemetry/api';
import { afterEach, beforeEach } from 'vitest';
import { type InMemoryTelemetry, setupInMemoryTelemetry } from '../../telemetry/test/test-utils.js';

/** A caller's trace context, as a client would send it in `traceparent`. */
export const PARENT_TRACE = '0af7651916cd43dd8448eb211c80319c';
export const PARENT_SPAN = 'b7ad6b7169203331';

/** Fresh in-memory telemetry around each test; reads the finished spans and the request metrics. */
export function useInMemorySpans() {
  let telemetry: InMemoryTelemetry;
  beforeEach(() => {
    telemetry = setupInMemoryTelemetry({ serviceName: 'server' });
  });
  afterEach(() => telemetry.shutdown());
  return {
    async serverSpan() {
      const spans = await telemetry.spans();
      return { spans, server: spans.find((s) => s.kind === SpanKind.SERVER) };
    },
    /** Data points of `http.server.request.duration`, one per attribute set, with their count. */
    async requestPoints(): Promise<Array<Record<string, unknown>>> {
      const [latest] = (await telemetry.metrics()).slice(-1);
      const all = latest?.scopeMetrics.flatMap((s) => s.metrics) ?? [];
      const duration = all.find((m) => m.descriptor.name === 'http.server.request.duration');
      return (duration?.dataPoints ?? []).map((p) => ({
        ...p.attributes,
        count: (p.value as { count: number }).count,
      }));
    },
  };
}
