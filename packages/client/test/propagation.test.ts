// Client and server in one process, over a real socket: the only link between their spans is
// what travels in the HTTP headers.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { createApp } from '@tracing-lab/server';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { executeRequest } from '../src/index.js';
import { setupTestTelemetry } from './test-utils.js';

// One telemetry setup for the whole file: the server takes its tracer once, at import time.
let t: ReturnType<typeof setupTestTelemetry>;
let server: ServerType;
let serverUrl = '';

beforeAll(async () => {
  t = setupTestTelemetry();
  server = serve({ fetch: createApp({ hotspotScale: 0 }).fetch, port: 0, hostname: '127.0.0.1' });
  await once(server, 'listening');
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await t.telemetry.shutdown();
});
beforeEach(() => t.resetSpans());

/** Makes one call and returns its spans, keyed by role. */
async function traceOneCall() {
  const outcome = await executeRequest({ serverUrl, timeoutMs: 5000 });
  expect(outcome).toMatchObject({ ok: true, status: 200 });
  const spans = await t.finishedSpans();
  const only = (predicate: (s: ReadableSpan) => boolean, what: string) => {
    const found = spans.filter(predicate);
    expect(found, what).toHaveLength(1);
    return found[0] as ReadableSpan;
  };
  return {
    outcome,
    spans,
    parent: only((s) => s.name === 'ExecuteRequest', 'ExecuteRequest span'),
    client: only((s) => s.kind === SpanKind.CLIENT, 'CLIENT span'),
    server: only((s) => s.kind === SpanKind.SERVER, 'SERVER span'),
  };
}

test('one trace id across the client and the server spans', async () => {
  const { outcome, spans } = await traceOneCall();
  expect(spans.length).toBeGreaterThanOrEqual(4); // parent, client, server, server child(ren)
  expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(new Set([outcome.traceId]));
});

test('ExecuteRequest (INTERNAL) -> GET /hello (CLIENT) -> server span (SERVER) -> server children', async () => {
  const { spans, parent, client, server } = await traceOneCall();
  expect(parent.kind).toBe(SpanKind.INTERNAL);
  expect(parent.parentSpanContext).toBeUndefined();
  expect(client.name).toBe('GET /hello');
  expect(client.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
  // The server learned its parent from the traceparent header only.
  expect(server.parentSpanContext?.spanId).toBe(client.spanContext().spanId);
  expect(server.parentSpanContext?.isRemote).toBe(true);
  const children = spans.filter((s) => s.parentSpanContext?.spanId === server.spanContext().spanId);
  expect(children.length).toBeGreaterThanOrEqual(1);
});

test('the CLIENT span carries the stable HTTP semantic-convention attributes', async () => {
  const { client } = await traceOneCall();
  const port = Number(new URL(serverUrl).port);
  expect(client.attributes).toMatchObject({
    'http.request.method': 'GET',
    'url.full': `${serverUrl}/hello`,
    'server.address': '127.0.0.1',
    'server.port': port,
    'http.response.status_code': 200,
  });
  expect(client.attributes['error.type']).toBeUndefined();
  expect(client.status.code).not.toBe(SpanStatusCode.ERROR);
});

test('the server span shows server-attribute and the baggage set by the client', async () => {
  const { server } = await traceOneCall();
  expect(server.attributes).toMatchObject({
    'server-attribute': 'foo',
    'baggage.method': 'repl',
    'baggage.client': 'cli',
  });
});

test('each call records its duration in seconds, counted once by the histogram', async () => {
  await traceOneCall();
  const metrics = t.metricExporter
    .getMetrics()
    .flatMap((r) => r.scopeMetrics)
    .filter((s) => s.scope.name === '@tracing-lab/client')
    .flatMap((s) => s.metrics);
  const duration = metrics.find((m) => m.descriptor.name === 'http.client.request.duration');
  expect(new Set(metrics.map((m) => m.descriptor.name))).toEqual(
    new Set(['http.client.request.duration']),
  );
  expect(duration?.descriptor.unit).toBe('s');
  const [point] = duration?.dataPoints ?? [];
  expect(duration?.dataPoints).toHaveLength(1);
  expect((point?.value as { count: number } | undefined)?.count).toBe(1);
  expect(point?.attributes).toMatchObject({
    'http.request.method': 'GET',
    'http.response.status_code': 200,
  });
});
