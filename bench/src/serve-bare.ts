import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createBareApp } from './bare-app.js';

/** Serves the bare app on PORT/HOST (the variables the server's bin reads too); `stop` drops idle keep-alives. */
export function serveBare(env: NodeJS.ProcessEnv): { stop(): Promise<void> } {
  const server = serve({
    fetch: createBareApp().fetch,
    port: Number(env.PORT ?? 8080),
    hostname: env.HOST ?? '127.0.0.1',
  }) as Server;
  return {
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
