import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener, RequestError } from '@hono/node-server';

export interface RunningServer {
  /** The port actually bound (useful with port 0). */
  port: number;
  /**
   * Stops accepting connections and resolves once in-flight requests are answered. From now on
   * every response says `Connection: close`, and idle keep-alive connections are closed.
   */
  stop(): Promise<void>;
}

export interface StartServerOptions {
  fetch: (request: Request) => Response | Promise<Response>;
  port: number;
  host: string;
  /**
   * Answers a request that never reaches `fetch`: one the adaptor cannot turn into a Fetch API
   * request (invalid Host header, backslash in the path...). Default: a bare 400.
   */
  onRejected?: (incoming: IncomingMessage) => Response;
}

const LISTEN_ERRORS: Record<string, string> = {
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'address not available on this machine',
  EACCES: 'permission denied',
  ENOTFOUND: 'host name not resolved',
  EAI_AGAIN: 'host name not resolved',
};

/** A short reason for a failed listen(). */
export function listenErrorReason(error: NodeJS.ErrnoException): string {
  return LISTEN_ERRORS[error.code ?? ''] ?? error.code ?? error.message;
}

/** Listens on host:port; rejects with the listen error (port in use, unknown address...). */
export async function startServer({
  fetch,
  port,
  host,
  onRejected = () => new Response(null, { status: 400 }),
}: StartServerOptions): Promise<RunningServer> {
  // Responses not yet written; once stopping, each says `Connection: close`, so a client keeping
  // its connection open learns to go away instead of meeting a closed socket on its next request.
  const unanswered = new Set<ServerResponse>();
  let draining = false;
  const askToClose = (response: ServerResponse) => {
    if (!response.headersSent) response.setHeader('Connection', 'close');
  };
  const server = createServer((request, response) => {
    if (draining) askToClose(response);
    else {
      unanswered.add(response);
      response.once('finish', () => unanswered.delete(response));
    }
    // The adaptor turns Node's request into a Fetch API one, or reports why it cannot.
    const errorHandler = (error: unknown) =>
      error instanceof RequestError ? onRejected(request) : new Response(null, { status: 500 });
    return getRequestListener(fetch, { errorHandler })(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise((resolve) => {
        draining = true;
        unanswered.forEach(askToClose);
        // close() refuses new connections and waits for open ones. A keep-alive connection
        // goes idle once its in-flight request is answered: drop it then, not at its timeout.
        const dropIdle = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearInterval(dropIdle);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
