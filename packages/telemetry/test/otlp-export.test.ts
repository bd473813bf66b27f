import { metrics, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  otlpEndpointsFromEnv,
  setupTelemetry,
  type Telemetry,
  WORKSHOP_ENV_DEFAULTS,
} from '../src/index.js';
import { startOtlpReceiver } from './otlp-receiver.js';
import { closedPort, withEnv } from './test-utils.js';

let telemetry: Telemetry | undefined;
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
  vi.restoreAllMocks();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('real OTLP gRPC export (exporters built by the SDK from the OTEL_* variables)', () => {
  it('reports a closed collector port in short, rate-limited lines without stack traces', async () => {
    const stderr = vi.spyOn(process.stderr, 'write');
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const lines: string[] = [];
    const intervalMillis = 400;
    const started = Date.now();
    await withEnv(
      {
        ...WORKSHOP_ENV_DEFAULTS,
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_METRIC_EXPORT_INTERVAL: '50',
      },
      async () => {
        telemetry = setupTelemetry({
          serviceName: 'test',
          serviceVersion: '0',
          log: (line) => lines.push(line),
          errorReportIntervalMillis: intervalMillis,
          endpoints: otlpEndpointsFromEnv(process.env),
        });
        const counter = metrics.getMeter('test').createCounter('attempts');
        for (let i = 0; i < 30; i++) {
          trace.getTracer('test').startSpan('doomed').end();
          counter.add(1);
          await telemetry.forceFlush();
          await sleep(40);
        }
      },
    );
    const elapsed = Date.now() - started;
    const allowed = Math.floor(elapsed / intervalMillis) + 1;
    for (const signal of ['traces', 'metrics']) {
      const failures = lines.filter((l) => l.startsWith(`[telemetry] ${signal} export to `));
      expect(failures[0]).toBe(
        `[telemetry] ${signal} export to ${endpoint} failed: connection refused (nothing listens there)`,
      );
      expect(failures.length).toBeLessThanOrEqual(allowed);
      expect(failures.some((l) => /\(x([2-9]|\d\d+) since last report\)/.test(l))).toBe(true);
    }
    for (const line of lines) {
      expect(line).toContain(`export to ${endpoint} failed`);
      expect(line).not.toMatch(/\n|\bat .*:\d+:\d+/);
    }
    // Nothing else reached stderr: no SDK stack traces, no diag output.
    expect(stderr).not.toHaveBeenCalled();
  });

  it('delivers spans to a real gRPC receiver on shutdown', async () => {
    const receiver = await startOtlpReceiver();
    const lines: string[] = [];
    await withEnv(
      { ...WORKSHOP_ENV_DEFAULTS, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint },
      async () => {
        const t = setupTelemetry({
          serviceName: 'test',
          serviceVersion: '0',
          log: (l) => lines.push(l),
        });
        trace.getTracer('test').startSpan('delivered-on-shutdown').end();
        metrics.getMeter('test').createCounter('delivered.counter').add(1);
        await t.shutdown();
      },
    );
    await receiver.close();
    expect(receiver.received('traces', 'delivered-on-shutdown')).toBe(true);
    expect(receiver.received('metrics', 'delivered.counter')).toBe(true);
    expect(lines).toEqual([]);
  });

  it('keeps a burst of 8,000 spans and sends it in batches of at most 1,024 (workshop defaults)', async () => {
    const receiver = await startOtlpReceiver();
    // Span names travel as plain UTF-8: counting the name counts the spans in each request.
    const spansPerRequest = () =>
      receiver.requests.traces.map((body) => body.toString('latin1').split('burst-').length - 1);
    const burst = async (env: Record<string, string>) => {
      receiver.requests.traces.length = 0;
      await withEnv(
        { ...WORKSHOP_ENV_DEFAULTS, ...env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint },
        async () => {
          const t = setupTelemetry({ serviceName: 'test', serviceVersion: '0', log: () => {} });
          // Ended in one go, faster than any export: only the queue holds them.
          for (let i = 0; i < 8000; i++) trace.getTracer('test').startSpan('burst-').end();
          await t.shutdown();
        },
      );
      return spansPerRequest();
    };
    const withDefaults = await burst({});
    const withSdkQueue = await burst({ OTEL_BSP_MAX_QUEUE_SIZE: '2048' });
    await receiver.close();
    expect(withDefaults.reduce((a, b) => a + b, 0)).toBe(8000);
    expect(Math.max(...withDefaults)).toBe(1024);
    // The SDK's own queue, set back by the variable, drops most of the same burst.
    expect(withSdkQueue.reduce((a, b) => a + b, 0)).toBeLessThan(8000);
  });

  it('shuts down promptly and without throwing when the collector never answers', async () => {
    const lines: string[] = [];
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    await withEnv({ ...WORKSHOP_ENV_DEFAULTS, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }, async () => {
      const t = setupTelemetry({
        serviceName: 'test',
        serviceVersion: '0',
        log: (l) => lines.push(l),
      });
      trace.getTracer('test').startSpan('lost').end();
      await expect(t.shutdown()).resolves.toBeUndefined();
    });
    expect(lines.at(-1)).toBe(
      '[telemetry] shutdown: data not flushed: traces: connection refused (nothing listens there)',
    );
  });
});
