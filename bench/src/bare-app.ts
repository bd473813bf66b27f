import { Hono } from 'hono';

/**
 * The baseline: the server's routes and answers with no OpenTelemetry at all (not even the API),
 * and no latency hotspot, as the server runs with HOTSPOT_SCALE=0. The server's own `createApp`
 * cannot serve here: it calls the OpenTelemetry API, which the auto-instrumented variant would turn
 * into real spans on top of the ones instrumentation-http makes.
 */
export function createBareApp(): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/hello', (c) => {
    const name = c.req.query('name');
    return c.json({ message: name === undefined ? 'hello' : `hello, ${name}` });
  });
  return app;
}
