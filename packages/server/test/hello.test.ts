import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/index.js';
import { PARENT_SPAN, PARENT_TRACE, useInMemorySpans } from './in-memory-spans.js';

const serverSpan = useInMemorySpans();

describe('GET /hello', () => {
  it('continues the caller trace with a SERVER span carrying HTTP, custom and baggage attributes', async () => {
    const app = createApp({ hotspotScale: 0 });
    const response = await app.request('http://localhost:8080/hello?name=Ada', {
      headers: {
        traceparent: `00-${PARENT_TRACE}-${PARENT_SPAN}-01`,
        baggage: 'method=repl,client=cli',
        'user-agent': 'test-agent',
      },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ message: 'hello, Ada', traceId: PARENT_TRACE });
    const { server } = await serverSpan();
    expect(server?.name).toBe('GET /hello');
    expect(server?.spanContext().traceId).toBe(PARENT_TRACE);
    expect(server?.parentSpanContext?.spanId).toBe(PARENT_SPAN);
    expect(server?.parentSpanContext?.isRemote).toBe(true);
    expect(server?.attributes).toEqual({
      'http.request.method': 'GET',
      'url.scheme': 'http',
      'url.path': '/hello',
      'url.query': 'name=Ada',
      'http.route': '/hello',
      'server.address': 'localhost',
      'server.port': 8080,
      'user_agent.original': 'test-agent',
      'server-attribute': 'foo',
      'baggage.method': 'repl',
      'baggage.client': 'cli',
      'http.response.status_code': 200,
    });
  });

  it('has child spans, one of them the latency hotspot', async () => {
    const app = createApp({ hotspotScale: 0 });
    await app.request('/hello');
    const { spans, server } = await serverSpan();
    const children = spans.filter(
      (s) => s.parentSpanContext?.spanId === server?.spanContext().spanId,
    );
    expect(children.map((s) => s.name).sort()).toEqual(['build-greeting', 'slow-dependency']);
    const hotspot = children.find((s) => s.name === 'slow-dependency');
    expect(hotspot?.kind).toBe(SpanKind.INTERNAL);
    expect(hotspot?.attributes).toMatchObject({ 'hotspot.delay_ms': 0, 'hotspot.scale': 0 });
  });

  it('takes the hotspot delay from the injected clock and random source', async () => {
    // Second 1 of any 5 has the 15 ms bound; random 0.2 of it is 3 ms.
    const app = createApp({ hotspotScale: 1, now: () => 1_000, random: () => 0.2 });
    await app.request('/hello');
    const { spans } = await serverSpan();
    const hotspot = spans.find((s) => s.name === 'slow-dependency');
    expect(hotspot?.attributes).toMatchObject({ 'hotspot.bound_ms': 15, 'hotspot.delay_ms': 3 });
  });
});

describe('unexpected failures', () => {
  it('answer 500 JSON, mark the span as an error and log one line', async () => {
    const lines: string[] = [];
    const random = () => {
      throw new Error('random source broken');
    };
    const app = createApp({ random, log: (line) => lines.push(line) });
    const response = await app.request('/hello');
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'internal error' });
    expect(lines).toEqual(['tracing-lab-server: GET /hello failed: random source broken']);
    const { server } = await serverSpan();
    expect(server?.status.code).toBe(SpanStatusCode.ERROR);
    expect(server?.attributes).toMatchObject({
      'http.response.status_code': 500,
      'error.type': 'Error',
    });
  });
});
