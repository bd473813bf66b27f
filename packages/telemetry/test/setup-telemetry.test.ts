import { context, metrics, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { type InMemoryTelemetry, setupInMemoryTelemetry, withEnv } from './test-utils.js';

let telemetry: InMemoryTelemetry | undefined;
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
});

describe('setupTelemetry', () => {
  it('exports spans carrying service.name and service.version', async () => {
    telemetry = setupInMemoryTelemetry({ serviceName: 'server', serviceVersion: '1.2.3' });
    trace.getTracer('test').startSpan('work').end();
    const [span] = await telemetry.spans();
    expect(span?.name).toBe('work');
    expect(span?.resource.attributes).toMatchObject({
      'service.name': 'server',
      'service.version': '1.2.3',
    });
  });

  it('lets OTEL_RESOURCE_ATTRIBUTES extend and OTEL_SERVICE_NAME override the resource', async () => {
    const env = {
      OTEL_RESOURCE_ATTRIBUTES: 'k8s.pod.name=server-abc,service.version=9.9.9',
      OTEL_SERVICE_NAME: 'renamed',
    };
    await withEnv(env, () => {
      telemetry = setupInMemoryTelemetry({ serviceName: 'server', serviceVersion: '1.2.3' });
    });
    trace.getTracer('test').startSpan('work').end();
    const [span] = await (telemetry as InMemoryTelemetry).spans();
    expect(span?.resource.attributes).toMatchObject({
      'service.name': 'renamed',
      'service.version': '9.9.9',
      'k8s.pod.name': 'server-abc',
    });
  });

  it('injects traceparent and baggage from the active context', async () => {
    telemetry = setupInMemoryTelemetry();
    const headers: Record<string, string> = {};
    const span = trace.getTracer('test').startSpan('call');
    const baggage = propagation.createBaggage({ method: { value: 'repl' } });
    const ctx = propagation.setBaggage(trace.setSpan(ROOT_CONTEXT, span), baggage);
    context.with(ctx, () => propagation.inject(context.active(), headers));
    span.end();
    const { traceId, spanId } = span.spanContext();
    expect(headers.traceparent).toBe(`00-${traceId}-${spanId}-01`);
    expect(headers.baggage).toBe('method=repl');
  });

  it('propagates the active span through awaits (AsyncLocalStorage context manager)', async () => {
    telemetry = setupInMemoryTelemetry();
    const tracer = trace.getTracer('test');
    await tracer.startActiveSpan('parent', async (parent) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      tracer.startSpan('child').end();
      parent.end();
    });
    const spans = await telemetry.spans();
    const parent = spans.find((s) => s.name === 'parent');
    const child = spans.find((s) => s.name === 'child');
    expect(child?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
  });

  it('unregisters the globals on shutdown so setup can run again', async () => {
    const first = setupInMemoryTelemetry();
    expect(() => setupInMemoryTelemetry()).toThrow(/already set/);
    await first.shutdown();
    telemetry = setupInMemoryTelemetry({ serviceName: 'second' });
    trace.getTracer('test').startSpan('again').end();
    const [span] = await telemetry.spans();
    expect(span?.resource.attributes['service.name']).toBe('second');
  });

  it('exports metrics through the meter provider', async () => {
    telemetry = setupInMemoryTelemetry();
    metrics.getMeter('test').createCounter('requests').add(2);
    const exported = await telemetry.metrics();
    const names = exported.flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics));
    expect(names.map((m) => m.descriptor.name)).toContain('requests');
  });

  it('can be shut down twice', async () => {
    const t = setupInMemoryTelemetry();
    await t.shutdown();
    await expect(t.shutdown()).resolves.toBeUndefined();
  });
});
