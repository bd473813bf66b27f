import { context, metrics, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyWorkshopEnvDefaults,
  setupTelemetry,
  type Telemetry,
  WORKSHOP_ENV_DEFAULTS,
} from '../src/index.js';
import { startOtlpReceiver } from './otlp-receiver.js';
import { type InMemoryTelemetry, setupInMemoryTelemetry, withEnv } from './test-utils.js';

let telemetry: InMemoryTelemetry | undefined;
let plain: Telemetry | undefined;
afterEach(async () => {
  await telemetry?.shutdown();
  await plain?.shutdown();
  telemetry = undefined;
  plain = undefined;
});

describe('setupTelemetry', () => {
  it('merges the SDK default resource, the detectors and the code', async () => {
    telemetry = setupInMemoryTelemetry({ serviceName: 'server', serviceVersion: '1.2.3' });
    trace.getTracer('test').startSpan('work').end();
    const [span] = await telemetry.spans();
    expect(span?.name).toBe('work');
    const attributes = span?.resource.attributes ?? {};
    expect(attributes).toMatchObject({
      'service.name': 'server',
      'service.version': '1.2.3',
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.name': 'opentelemetry',
      'process.pid': process.pid,
      'process.runtime.name': 'nodejs',
    });
    expect(attributes['telemetry.sdk.version']).toMatch(/^\d+\./);
    expect(attributes['service.instance.id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('samples as OTEL_TRACES_SAMPLER and its argument say', async () => {
    await withEnv({ OTEL_TRACES_SAMPLER: 'always_off' }, () => {
      telemetry = setupInMemoryTelemetry();
    });
    trace.getTracer('test').startSpan('dropped').end();
    expect(await (telemetry as InMemoryTelemetry).spans()).toEqual([]);
    await telemetry?.shutdown();
    await withEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' }, () => {
      telemetry = setupInMemoryTelemetry();
    });
    trace.getTracer('test').startSpan('dropped-too').end();
    expect(await (telemetry as InMemoryTelemetry).spans()).toEqual([]);
  });

  it('caps attribute values at 4096 characters by default, or OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', async () => {
    const huge = 'x'.repeat(15_000);
    for (const [limit, expected] of [
      [undefined, 4096],
      ['100', 100],
    ] as const) {
      await withEnv({ ...WORKSHOP_ENV_DEFAULTS, OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: limit }, () => {
        applyWorkshopEnvDefaults(process.env);
        telemetry = setupInMemoryTelemetry();
      });
      trace
        .getTracer('test')
        .startSpan('big', { attributes: { 'user_agent.original': huge } })
        .end();
      const [span] = await (telemetry as InMemoryTelemetry).spans();
      expect(String(span?.attributes['user_agent.original'])).toHaveLength(expected);
      await telemetry?.shutdown();
      telemetry = undefined;
    }
  });

  it('builds no provider for OTEL_TRACES_EXPORTER=none and OTEL_METRICS_EXPORTER=none', async () => {
    await withEnv({ OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' }, () => {
      plain = setupTelemetry({ serviceName: 's', serviceVersion: '0', log: () => {} });
    });
    const span = trace.getTracer('test').startSpan('nowhere');
    expect(span.isRecording()).toBe(false);
    span.end();
    await expect(plain?.shutdown()).resolves.toBeUndefined();
  });

  it('exports metrics every OTEL_METRIC_EXPORT_INTERVAL milliseconds, without a flush', async () => {
    const receiver = await startOtlpReceiver();
    await withEnv(
      {
        ...WORKSHOP_ENV_DEFAULTS,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_METRIC_EXPORT_INTERVAL: '100',
      },
      () => {
        plain = setupTelemetry({ serviceName: 's', serviceVersion: '0', log: () => {} });
      },
    );
    metrics.getMeter('test').createCounter('ticks').add(1);
    const deadline = Date.now() + 3000;
    while (!receiver.received('metrics', 'ticks') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await receiver.close();
    expect(receiver.received('metrics', 'ticks')).toBe(true);
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
