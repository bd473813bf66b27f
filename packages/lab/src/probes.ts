import type { Socket } from 'node:net';
import { LabConfigError } from './errors.js';
import type { Container, Probe } from './types.js';

export type Dial = (host: string, port: number) => Promise<Socket>;

/** Probe timing with the kubelet's defaults. */
export function probeTiming(probe: Probe) {
  return {
    initialDelayMs: (probe.initialDelaySeconds ?? 0) * 1000,
    periodMs: (probe.periodSeconds ?? 10) * 1000,
    timeoutMs: (probe.timeoutSeconds ?? 1) * 1000,
    successThreshold: probe.successThreshold ?? 1,
    failureThreshold: probe.failureThreshold ?? 3,
  };
}

/** Fails early, at pod creation, for probe kinds the local runner cannot run. */
export function checkProbe(container: Container, probe: Probe | undefined) {
  if (!probe) return;
  if (probe.exec || probe.grpc) {
    throw new LabConfigError(
      `container ${container.name}: only httpGet and tcpSocket probes are supported`,
    );
  }
  if (probe.httpGet?.scheme && probe.httpGet.scheme !== 'HTTP') {
    throw new LabConfigError(`container ${container.name}: only HTTP probes are supported`);
  }
  const port = probe.httpGet?.port ?? probe.tcpSocket?.port;
  if (port !== undefined) namedPort(container, port);
}

/**
 * Runs one probe the way the kubelet does: from outside the container, against the pod's
 * address (so a program bound to localhost only fails it), success = 2xx/3xx within the timeout.
 */
export async function runProbe(container: Container, probe: Probe, podAddress: string, dial: Dial) {
  const { timeoutMs } = probeTiming(probe);
  const action = probe.httpGet ?? probe.tcpSocket;
  if (!action) return true;
  const host = action.host ?? podAddress;
  const port = namedPort(container, action.port);
  let socket: Socket | undefined;
  let finished = false;
  const timeout = new Promise<boolean>((resolve) => setTimeout(resolve, timeoutMs, false).unref());
  const attempt = (async () => {
    socket = await dial(host, port);
    if (finished) socket.destroy();
    if (!probe.httpGet) return true;
    const headers = (probe.httpGet.httpHeaders ?? [])
      .map((h) => `${h.name}: ${h.value}\r\n`)
      .join('');
    const path = probe.httpGet.path ?? '/';
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nUser-Agent: kube-probe/1.34\r\n${headers}Connection: close\r\n\r\n`,
    );
    const statusLine = await firstLine(socket);
    const status = Number(statusLine.split(' ')[1]);
    return status >= 200 && status < 400;
  })().catch(() => false);
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    finished = true;
    socket?.destroy();
  }
}

export function namedPort(container: Container, port: number | string): number {
  if (typeof port === 'number') return port;
  const found = container.ports?.find((p) => p.name === port)?.containerPort ?? Number(port);
  if (!Number.isInteger(found))
    throw new LabConfigError(`container ${container.name}: no port named ${port}`);
  return found;
}

function firstLine(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n')) resolve(text.slice(0, text.indexOf('\r\n')));
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error('closed before a status line')));
    socket.resume();
  });
}
