// Trace context propagation by hand, in one file: a fetch client calls a node:http server, and the
// only thing linking their two spans is the `traceparent` header, written on one side, read on the other.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { TracerProvider } from '@opentelemetry/sdk-trace';

// The three globals propagation needs: where the active span is kept, how a context is written
// into headers (W3C trace context), and who makes spans. packages/telemetry sets the same ones.
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
trace.setGlobalTracerProvider(new TracerProvider());
const tracer = trace.getTracer('manual-propagation');

const server = createServer((request, response) => {
  console.log(`server: receives traceparent: ${request.headers.traceparent}`);
  // Server side: rebuild the caller's context from the headers, then start the span inside it,
  // so the new span continues the caller's trace as a child of the caller's span.
  const callerContext = propagation.extract(context.active(), request.headers);
  tracer.startActiveSpan('GET /hello', { kind: SpanKind.SERVER }, callerContext, (span) => {
    const { traceId, spanId } = span.spanContext();
    const parentId = trace.getSpanContext(callerContext)?.spanId;
    console.log(`server: trace ${traceId} span ${spanId} parent ${parentId}`);
    response.end('hello\n');
    span.end();
  });
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const { port } = server.address() as AddressInfo;

// Client side: start a span, write the active context into a plain object, send it as headers.
await tracer.startActiveSpan('GET /hello', { kind: SpanKind.CLIENT }, async (span) => {
  const { traceId, spanId } = span.spanContext();
  console.log(`client: trace ${traceId} span ${spanId}`);
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  console.log(`client: sends    traceparent: ${headers.traceparent}`);
  const response = await fetch(`http://127.0.0.1:${port}/hello`, { headers });
  console.log(`client: server answered ${response.status} ${(await response.text()).trim()}`);
  span.end();
});
server.close();
