import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AggregationTemporality, InMemoryMetricExporter } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { setupTelemetry } from '@tracing-lab/telemetry';

/** Real telemetry setup (globals, propagators) with in-memory exporters instead of OTLP. */
export function setupTestTelemetry() {
  const spanExporter = new InMemorySpanExporter();
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const logLines: string[] = [];
  const telemetry = setupTelemetry({
    serviceName: 'client',
    serviceVersion: '0.0.0-test',
    spanExporter,
    metricExporter,
    log: (line) => logLines.push(line),
  });
  return {
    telemetry,
    metricExporter,
    logLines,
    /** Forgets the spans exported so far. */
    resetSpans(): void {
      spanExporter.reset();
    },
    /** Flushes the batch processor, then returns every span finished so far. */
    async finishedSpans(): Promise<ReadableSpan[]> {
      await telemetry.forceFlush();
      return spanExporter.getFinishedSpans();
    },
  };
}

/** A tiny HTTP server on an ephemeral loopback port. */
export async function listen(
  handler: RequestListener,
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** The URL of a loopback port nobody listens on: the port was free a moment ago. */
export async function closedPortUrl(): Promise<string> {
  const { url, close } = await listen(() => {});
  await close();
  return url;
}

export function spanNamed(spans: ReadableSpan[], name: string): ReadableSpan {
  const span = spans.find((s) => s.name === name);
  if (!span) throw new Error(`no span named ${name} among: ${spans.map((s) => s.name).join(', ')}`);
  return span;
}
