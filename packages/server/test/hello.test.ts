import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/index.js';
import { PARENT_SPAN, PARENT_TRACE, useInMemorySpans } from './in-memory-spans.js';

const { serverSpan, requestPoints } = useInMemorySpans();

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
    expect(server?.status.code).toBe(SpanStatusCode.UNSET);
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
      'greeting.named': true,
      'baggage.method': 'repl',
      'baggage.client': 'cli',
      'http.response.status_code': 200,
    });
  });

  it('has one child span, the preferences lookup; the greeting is an attribute', async () => {
    const app = createApp({ hotspotScale: 0 });
    await app.request('/hello');
    const { spans, server } = await serverSpan();
    const children = spans.filter(
      (s) => s.parentSpanContext?.spanId === server?.spanContext().spanId,
    );
    expect(children.map((s) => s.name)).toEqual(['fetch-preferences']);
    expect(children[0]?.kind).toBe(SpanKind.INTERNAL);
    expect(server?.attributes['greeting.named']).toBe(false);
  });

  it('spends the store latency drawn from the injected clock and random source in its span', async () => {
    // Second 0 of any 5 has the 2000 ms bound; random 0.05 of it is 100 ms.
    const app = createApp({ hotspotScale: 1, now: () => 5_000, random: () => 0.05 });
    await app.request('/hello');
    const { spans, server } = await serverSpan();
    const lookup = spans.find((s) => s.name === 'fetch-preferences');
    const millis = ([s, ns]: [number, number]) => s * 1000 + ns / 1e6;
    expect(millis(lookup?.duration ?? [0, 0])).toBeGreaterThanOrEqual(99);
    expect(millis(lookup?.duration ?? [0, 0])).toBeGreaterThan(
      0.8 * millis(server?.duration ?? [0, 0]),
    );
  });

  it('names the span HEAD /hello for a HEAD request', async () => {
    const response = await createApp({ hotspotScale: 0 }).request('/hello', { method: 'HEAD' });
    expect(response.status).toBe(200);
    const { server } = await serverSpan();
    expect(server?.name).toBe('HEAD /hello');
    expect(server?.attributes).toMatchObject({
      'http.request.method': 'HEAD',
      'http.route': '/hello',
    });
  });
});

describe('unexpected failures', () => {
  it('answer 500 JSON, mark the failing child and the SERVER span as errors and log one line', async () => {
    const lines: string[] = [];
    const random = () => {
      throw new Error('random source broken');
    };
    const app = createApp({ random, log: (line) => lines.push(line) });
    const response = await app.request('/hello');
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'internal error' });
    expect(lines).toEqual(['tracing-lab-server: GET /hello failed: random source broken']);
    const { spans, server } = await serverSpan();
    expect(server?.status.code).toBe(SpanStatusCode.ERROR);
    expect(server?.attributes).toMatchObject({
      'http.response.status_code': 500,
      'error.type': 'Error',
    });
    const failing = spans.find((s) => s.name === 'fetch-preferences');
    expect(failing?.status.code).toBe(SpanStatusCode.ERROR);
    expect(failing?.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('give the span and the metric the same error.type', async () => {
    const random = () => {
      throw new TypeError('not a number');
    };
    await createApp({ random, log: () => {} }).request('/hello');
    const { server } = await serverSpan();
    expect(server?.attributes['error.type']).toBe('TypeError');
    const points = await requestPoints();
    expect(points).toEqual([expect.objectContaining({ 'error.type': 'TypeError' })]);
  });
});
