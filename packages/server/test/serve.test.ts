import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { startServer } from '../src/serve.js';

describe('startServer', () => {
  it('finishes in-flight requests on stop, then refuses new connections', async () => {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let arrived = () => {};
    const inFlight = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const app = new Hono().get('/slow', async (c) => {
      arrived();
      await released;
      return c.text('done');
    });
    const server = await startServer({ fetch: app.fetch, port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${server.port}`;
    const pending = fetch(`${url}/slow`);
    await inFlight;
    const stopped = server.stop();
    release();
    const response = await pending;
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('done');
    await stopped;
    await expect(fetch(`${url}/slow`)).rejects.toThrow();
  });

  it('rejects with the listen error', async () => {
    const first = await startServer({ fetch: () => new Response('x'), port: 0, host: '127.0.0.1' });
    const second = startServer({
      fetch: () => new Response('x'),
      port: first.port,
      host: '127.0.0.1',
    });
    await expect(second).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await first.stop();
  });
});
