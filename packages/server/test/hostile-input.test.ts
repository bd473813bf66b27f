import { describe, expect, it } from 'vitest';
import { createApp } from '../src/index.js';
import { PARENT_SPAN, PARENT_TRACE, useInMemorySpans } from './in-memory-spans.js';

const { serverSpan } = useInMemorySpans();

describe('GET /hello with hostile input', () => {
  it.each([
    ['no traceparent', undefined],
    ['garbage', 'not-a-traceparent'],
    ['version ff', `ff-${PARENT_TRACE}-${PARENT_SPAN}-01`],
    ['all-zero trace id', `00-${'0'.repeat(32)}-${PARENT_SPAN}-01`],
    ['all-zero span id', `00-${PARENT_TRACE}-${'0'.repeat(16)}-01`],
    ['truncated', `00-${PARENT_TRACE.slice(0, 20)}-${PARENT_SPAN}-01`],
    ['huge', `00-${'a'.repeat(100_000)}`],
  ])('serves the request and starts a fresh trace for %s', async (_case, traceparent) => {
    const app = createApp({ hotspotScale: 0 });
    const headers: Record<string, string> = traceparent ? { traceparent } : {};
    const response = await app.request('/hello', { headers });
    expect(response.status).toBe(200);
    const { server } = await serverSpan();
    expect(server?.parentSpanContext).toBeUndefined();
    expect(server?.spanContext().traceId).not.toBe(PARENT_TRACE);
    expect(server?.spanContext().traceId).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
  });

  it.each([
    ['100 KB of members', Array.from({ length: 9000 }, (_, i) => `k${i}=v${i}`).join(',')],
    ['one 100 KB value', `big=${'x'.repeat(100_000)}`],
    ['garbage', ';;;,,,===%%%'],
  ])('stays within bounds for hostile baggage (%s)', async (_case, baggage) => {
    const app = createApp({ hotspotScale: 0 });
    const response = await app.request('/hello', { headers: { baggage } });
    expect(response.status).toBe(200);
    const { server } = await serverSpan();
    const baggageAttributes = Object.entries(server?.attributes ?? {}).filter(([key]) =>
      key.startsWith('baggage.'),
    );
    expect(baggageAttributes.length).toBeLessThanOrEqual(16);
    for (const [, value] of baggageAttributes)
      expect(String(value).length).toBeLessThanOrEqual(256);
  });

  it.each([
    ['empty name', '?name=', /expected 1 to 64 printable characters/],
    ['name too long', `?name=${'a'.repeat(65)}`, /expected 1 to 64 printable characters/],
    ['control character', '?name=a%00b', /expected 1 to 64 printable characters/],
    ['name twice', '?name=a&name=b', /must be given once/],
    ['invalid UTF-8', '?name=%FF', /percent-encoding does not decode to UTF-8/],
    ['invalid UTF-8 after a valid part', '?name=caf%C3%A9%C3', /does not decode to UTF-8/],
    ['encoded control character', '?name=a%E2%80%8Eb', /expected 1 to 64 printable characters/],
  ])('answers 400 JSON with the reason for %s', async (_case, query, reason) => {
    const app = createApp({ hotspotScale: 0 });
    const response = await app.request(`/hello${query}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string };
    expect(body.error).toMatch(reason);
    const { server } = await serverSpan();
    expect(server?.attributes['http.response.status_code']).toBe(400);
  });

  it('greets a name whose percent-encoding is valid UTF-8', async () => {
    const app = createApp({ hotspotScale: 0 });
    const response = await app.request('/hello?name=caf%C3%A9%20100%25');
    expect(response.status).toBe(200);
    expect(((await response.json()) as { message: string }).message).toBe('hello, café 100%');
  });
});
