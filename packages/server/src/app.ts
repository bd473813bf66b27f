import { Hono } from 'hono';
import { hello } from './hello.js';
import { traceRequests } from './server-span.js';
import type { AppOptions } from './types.js';

/**
 * The tracing-lab server as a Hono app: GET /hello and GET /healthz (for probes, never traced).
 * Every other request, 404s included, gets a SERVER span. Set up telemetry before calling it.
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
  const store = { scale: hotspotScale, now, random };

  // Registered before the tracing middleware and answered at once: probes leave no trace.
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.use(traceRequests());
  app.get('/hello', (c) => hello(c, store));

  app.notFound((c) =>
    c.json({ error: `no route for ${c.req.method} ${c.req.path.slice(0, 200)}` }, 404),
  );
  app.onError((error, c) => {
    log(`tracing-lab-server: ${c.req.method} ${c.req.path} failed: ${error.message}`);
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
