import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { setupInMemoryTelemetry } from '../../telemetry/test/test-utils.js';

/** The telemetry package's in-memory setup, seen the way the client tests use it. */
export function setupTestTelemetry() {
  const telemetry = setupInMemoryTelemetry({ serviceName: 'client' });
  return {
    telemetry,
    metricExporter: telemetry.metricExporter,
    logLines: telemetry.lines,
    /** Forgets the spans exported so far. */
    resetSpans: () => telemetry.spanExporter.reset(),
    /** Flushes the batch processor, then returns every span finished so far. */
    finishedSpans: (): Promise<ReadableSpan[]> => telemetry.spans(),
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
