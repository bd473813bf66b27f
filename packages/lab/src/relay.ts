import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The pod's relay, a tiny Node program run inside the pod's network namespace (like the
 * kubelet's streaming server for `kubectl port-forward`): it accepts on a Unix socket the host
 * can reach, reads one line `<host> <port>`, connects to that address from inside the pod and
 * then copies bytes both ways. The host's own namespace has no route to pods; this is its door.
 */
const AGENT = `
const net = require('node:net');
net.createServer((client) => {
  let head = Buffer.alloc(0);
  const onData = (chunk) => {
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf(10);
    if (end < 0) return;
    client.off('data', onData);
    client.pause();
    const [host, port] = head.subarray(0, end).toString().split(' ');
    const rest = head.subarray(end + 1);
    const upstream = net.connect(Number(port), host, () => {
      client.write('OK\\n');
      if (rest.length) upstream.write(rest);
      client.pipe(upstream).pipe(client);
      client.resume();
    });
    upstream.on('error', (e) => (upstream.readyState === 'opening' ? client.end('ERR ' + e.code + '\\n') : client.destroy()));
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
  };
  client.on('data', onData);
  client.on('error', () => {});
}).listen(process.argv[1]);
`;

/** Starts the relay in `netns`, listening on `socketPath`; resolves once it accepts. */
export async function startRelay(
  node: string,
  netns: string,
  socketPath: string,
): Promise<ChildProcess> {
  const args = [
    'netns',
    'exec',
    netns,
    'setpriv',
    '--pdeathsig=SIGKILL',
    node,
    '-e',
    AGENT,
    socketPath,
  ];
  const relay = spawn('ip', args, { stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  for (let i = 0; i < 200 && !existsSync(socketPath); i++) {
    if (relay.exitCode !== null) break;
    await sleep(25);
  }
  if (!existsSync(socketPath)) throw new Error(`relay in ${netns} did not start`);
  return relay;
}

/**
 * A TCP connection opened from inside the pod to `host:port`, usable like any socket.
 * @example const socket = await connectThrough('/run/.../relay.sock', '127.0.0.1', 16686);
 */
export function connectThrough(socketPath: string, host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\n');
      if (end < 0) return;
      socket.off('data', onData);
      socket.pause();
      const status = head.slice(0, end);
      const rest = Buffer.from(head.slice(end + 1), 'latin1');
      if (status !== 'OK') {
        socket.destroy();
        reject(new Error(`connect ${host}:${port} in pod: ${status.replace(/^ERR /, '')}`));
        return;
      }
      if (rest.length > 0) socket.unshift(rest);
      resolve(socket);
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.once('close', () => reject(new Error(`connect ${host}:${port} in pod: relay closed`)));
    socket.write(`${host} ${port}\n`);
  });
}
