import { createServer, type Socket } from 'node:net';

export interface PortForward {
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * Like `kubectl port-forward`: a listener on 127.0.0.1 in the host's namespace; each connection
 * is relayed into the pod and on to 127.0.0.1:<podPort> there. `dial` is looked up per connection,
 * so the forward follows the Deployment to its new pod after a restart.
 */
export async function portForward(
  dial: (port: number) => Promise<Socket>,
  podPort: number,
  localPort = 0,
): Promise<PortForward> {
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    dial(podPort).then(
      (upstream) => {
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.pipe(upstream).pipe(client);
        client.resume();
      },
      () => client.destroy(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(localPort, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
