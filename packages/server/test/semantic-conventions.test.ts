import { once } from 'node:events';
import { connect } from 'node:net';
import { SpanKind } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createApp, startServer, traceRejectedRequests } from '../src/index.js';
import { useInMemorySpans } from './in-memory-spans.js';

const { serverSpan, requestPoints } = useInMemorySpans();

describe('HTTP semantic conventions on the SERVER span and the metrics', () => {
  it.each([
    ['an unknown path', 'GET', '/nope', 404, 'GET'],
    ['POST /hello (no such route)', 'POST', '/hello', 404, 'POST'],
    ['an unknown method', 'PROPFIND', '/hello', 404, 'HTTP'],
  ])(
    'makes a span for %s, named after the method only',
    async (_case, method, path, status, name) => {
      const response = await createApp({ hotspotScale: 0 }).request(path, { method });
      expect(response.status).toBe(status);
      const { server } = await serverSpan();
      expect(server?.name).toBe(name);
      expect(server?.kind).toBe(SpanKind.SERVER);
      expect(server?.attributes['http.response.status_code']).toBe(status);
      expect(server?.attributes).not.toHaveProperty('http.route');
    },
  );

  it('makes a span for a request refused before the router (a backslash in the path)', async () => {
    const running = await startServer({
      fetch: createApp({ hotspotScale: 0 }).fetch,
      port: 0,
      host: '127.0.0.1',
      onRejected: traceRejectedRequests(),
    });
    const socket = connect(running.port, '127.0.0.1');
    socket.end('GET /a\\b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    let answer = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
    await once(socket, 'close');
    await running.stop();
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    const { server } = await serverSpan();
    expect(server?.name).toBe('GET');
    expect(server?.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.response.status_code': 400,
      'network.protocol.version': '1.1',
      'client.address': '127.0.0.1',
    });
    expect(await requestPoints()).toEqual([
      expect.objectContaining({ 'http.response.status_code': 400, count: 1 }),
    ]);
  });

  it('maps unknown methods to _OTHER, keeping the original on the span only', async () => {
    const app = createApp({ hotspotScale: 0 });
    for (const method of ['PROPFIND', 'PURGE', 'MKCOL']) await app.request('/hello', { method });
    const { spans } = await serverSpan();
    expect(spans.map((s) => s.attributes['http.request.method_original']).sort()).toEqual([
      'MKCOL',
      'PROPFIND',
      'PURGE',
    ]);
    for (const span of spans) expect(span.attributes['http.request.method']).toBe('_OTHER');
    const points = await requestPoints();
    expect(points).toEqual([
      expect.objectContaining({ 'http.request.method': '_OTHER', count: 3 }),
    ]);
    expect(points[0]).not.toHaveProperty('http.request.method_original');
  });

  it('writes an IPv6 server.address without brackets', async () => {
    await createApp({ hotspotScale: 0 }).request('http://[::1]:8080/hello');
    const { server } = await serverSpan();
    expect(server?.attributes).toMatchObject({ 'server.address': '::1', 'server.port': 8080 });
  });

  it('adds client.address, network.peer.* and network.protocol.version over a real socket', async () => {
    const running = await startServer({
      fetch: createApp({ hotspotScale: 0 }).fetch,
      port: 0,
      host: '127.0.0.1',
    });
    await (await fetch(`http://127.0.0.1:${running.port}/hello`)).text();
    await running.stop();
    const { server } = await serverSpan();
    expect(server?.attributes).toMatchObject({
      'client.address': '127.0.0.1',
      'network.peer.address': '127.0.0.1',
      'network.protocol.version': '1.1',
    });
    expect(server?.attributes['network.peer.port']).toEqual(expect.any(Number));
    const [point] = await requestPoints();
    expect(point).toMatchObject({ 'network.protocol.version': '1.1' });
    expect(point).not.toHaveProperty('client.address');
  });
});

describe('baggage that breaks the W3C rules', () => {
  it.each([
    ['raw UTF-8 (arrives as Latin-1)', 'good=1,bad=caf\u00c3\u00a9'],
    ['a space inside the value', 'good=1,bad=a b'],
    ['a key that is not a token', 'good=1,b(a)d=1'],
    ['a percent-encoded control character', 'good=1,bad=a%07b'],
  ])('drops the member with %s and keeps the valid ones', async (_case, baggage) => {
    await createApp({ hotspotScale: 0 }).request('/hello', { headers: { baggage } });
    const { server } = await serverSpan();
    const members = Object.keys(server?.attributes ?? {}).filter((k) => k.startsWith('baggage.'));
    expect(members).toEqual(['baggage.good']);
  });

  it('keeps percent-encoded UTF-8, decoded', async () => {
    await createApp({ hotspotScale: 0 }).request('/hello', {
      headers: { baggage: 'who=caf%C3%A9' },
    });
    const { server } = await serverSpan();
    expect(server?.attributes['baggage.who']).toBe('café');
  });
});
