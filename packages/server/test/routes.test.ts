import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type InMemoryTelemetry, setupInMemoryTelemetry } from '../../telemetry/test/test-utils.js';
import { createApp } from '../src/index.js';

let telemetry: InMemoryTelemetry;
beforeEach(() => {
  telemetry = setupInMemoryTelemetry({ serviceName: 'server' });
});
afterEach(() => telemetry.shutdown());

describe('other routes', () => {
  it('GET /healthz answers ok and creates no span', async () => {
    const response = await createApp().request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(await telemetry.spans()).toEqual([]);
  });

  it('an unknown route answers 404 JSON', async () => {
    const response = await createApp().request('/nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'no route for GET /nope' });
  });
});

describe('metrics', () => {
  it('record http.server.request.duration, which counts requests, with stable attributes', async () => {
    const app = createApp({ hotspotScale: 0 });
    await app.request('/hello');
    await app.request('/hello?name=');
    await app.request('/nope');
    await app.request('/healthz');
    const [latest] = (await telemetry.metrics()).slice(-1);
    const all = latest?.scopeMetrics.flatMap((s) => s.metrics) ?? [];
    const duration = all.find((m) => m.descriptor.name === 'http.server.request.duration');
    expect(duration?.descriptor.unit).toBe('s');
    expect(all.map((m) => m.descriptor.name)).toEqual(['http.server.request.duration']);
    const points = (duration?.dataPoints ?? []).map(
      (p): Record<string, unknown> => ({
        ...p.attributes,
        count: (p.value as { count: number }).count,
      }),
    );
    expect(points).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          'http.route': '/hello',
          'http.response.status_code': 200,
          count: 1,
        }),
        expect.objectContaining({
          'http.route': '/hello',
          'http.response.status_code': 400,
          count: 1,
        }),
        expect.objectContaining({ 'http.request.method': 'GET', 'http.response.status_code': 404 }),
      ]),
    );
    expect(points).toHaveLength(3);
    expect(points.find((p) => p['http.response.status_code'] === 404)).not.toHaveProperty(
      'http.route',
    );
  });
});
