import { Hono } from 'hono';
import { helloWithServerSpan } from './hello.js';
import { requestMetrics } from './request-metrics.js';
import type { AppOptions } from './types.js';

/**
 * The tracing-lab server as a Hono app: GET /hello (traced, with the latency hotspot) and
 * GET /healthz (for probes, never traced). Set up telemetry before calling it.
 *
 * @example
 * const app = createApp({ hotspotScale: 0 });
 * const response = await app.request('/hello?name=Ada');
 */
export function createApp({
  hotspotScale = 1,
  now = Date.now,
  random = Math.random,
  log = console.error,
}: AppOptions = {}): Hono {
  const app = new Hono();
  const hotspot = { scale: hotspotScale, now, random };

  // Registered before the metrics middleware and answered at once: probes leave no trace.
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.use(requestMetrics());
  app.get('/hello', (c) => helloWithServerSpan(c, hotspot));

  app.notFound((c) =>
    c.json({ error: `no route for ${c.req.method} ${c.req.path.slice(0, 200)}` }, 404),
  );
  app.onError((error, c) => {
    log(`tracing-lab-server: ${c.req.method} ${c.req.path} failed: ${error.message}`);
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
