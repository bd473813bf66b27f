import { Agent, request } from 'node:http';
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

describe('startServer draining on stop', () => {
  it('answers with Connection: close and closes idle keep-alive sockets', async () => {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const app = new Hono()
      .get('/slow', async (c) => {
        await released;
        return c.text('done');
      })
      .get('/fast', (c) => c.text('ok'));
    const server = await startServer({ fetch: app.fetch, port: 0, host: '127.0.0.1' });
    const agent = new Agent({ keepAlive: true, maxSockets: 2 });
    const get = (path: string) =>
      new Promise<{ connection: string | undefined; socketClosed: Promise<void> }>(
        (resolve, reject) => {
          const req = request({ host: '127.0.0.1', port: server.port, path, agent }, (res) => {
            res.resume();
            const socketClosed = new Promise<void>((done) =>
              res.socket.once('close', () => done()),
            );
            res.on('end', () => resolve({ connection: res.headers.connection, socketClosed }));
          });
          req.on('error', reject);
          req.end();
        },
      );
    // The slow request holds one socket, so the fast one opens a second, left idle after it.
    const slow = get('/slow');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const idle = await get('/fast');
    expect(idle.connection).toBe('keep-alive');
    const stopped = server.stop();
    await idle.socketClosed; // the idle keep-alive socket is closed at once
    release();
    const answered = await slow;
    expect(answered.connection).toBe('close');
    await answered.socketClosed;
    await stopped;
    agent.destroy();
  });
});
