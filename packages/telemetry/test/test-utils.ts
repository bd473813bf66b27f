import net from 'node:net';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  PeriodicExportingMetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  BatchSpanProcessor,
  InMemorySpanExporter,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace';
import { setupTelemetry } from '../src/index.js';
import type { Telemetry, TelemetryOptions } from '../src/types.js';

export interface InMemoryTelemetry extends Telemetry {
  /** Flushes, then returns every span ended so far. */
  spans(): Promise<ReadableSpan[]>;
  /** Flushes, then returns every metrics export so far. */
  metrics(): Promise<ResourceMetrics[]>;
  /** Lines the telemetry logged. */
  lines: string[];
  /** The exporters themselves, for tests that reset or read them directly. */
  spanExporter: InMemorySpanExporter;
  metricExporter: InMemoryMetricExporter;
}

/**
 * The real setup (SDK from the OTEL_* variables, globals) with in-memory exporters, for tests
 * that assert on spans and metrics. Call `shutdown()` in `afterEach` so the next test can set up.
 */
export function setupInMemoryTelemetry(options: Partial<TelemetryOptions> = {}): InMemoryTelemetry {
  const spanExporter = new InMemorySpanExporter();
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const lines: string[] = [];
  const telemetry = setupTelemetry({
    serviceName: 'test-service',
    serviceVersion: '0.0.0-test',
    spanProcessors: [new BatchSpanProcessor({ exporter: spanExporter })],
    metricReaders: [new PeriodicExportingMetricReader({ exporter: metricExporter })],
    log: (line) => lines.push(line),
    ...options,
  });
  return {
    ...telemetry,
    lines,
    spanExporter,
    metricExporter,
    async spans() {
      await telemetry.forceFlush();
      return spanExporter.getFinishedSpans();
    },
    async metrics() {
      await telemetry.forceFlush();
      return metricExporter.getMetrics();
    },
  };
}

/** A loopback port that was free a moment ago and now has nothing listening on it. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Sets environment variables for the duration of `fn` (the OTel SDK reads some itself). */
export async function withEnv<T>(
  vars: Record<string, string | undefined>,
  fn: () => Promise<T> | T,
): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(vars);
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}
