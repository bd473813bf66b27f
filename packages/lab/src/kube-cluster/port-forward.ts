import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export interface KubectlPortForwardOptions {
  /** The kubectl of the cluster's release. */
  kubectl: string;
  kubeconfig: string;
  namespace: string;
  /** What to forward to, as kubectl names it: `svc/jaeger`, `deploy/server`, a pod. */
  target: string;
  remotePort: number;
  /** 0: any free port. */
  localPort: number;
  /** Stops kubectl when it aborts. */
  signal?: AbortSignal;
}

export interface KubectlPortForward {
  port: number;
  url: string;
  /** Resolves with kubectl's last error line when the forward stops by itself (its pod went away). */
  exited: Promise<string>;
  close(): void;
}

/**
 * `kubectl port-forward <target> <local>:<remote>` on 127.0.0.1, resolved once kubectl says
 * `Forwarding from 127.0.0.1:<port>`; rejected with kubectl's error when it stops before.
 *
 * @example const jaeger = await kubectlPortForward({ kubectl, kubeconfig, namespace, target: 'svc/jaeger', remotePort: 16686, localPort: 0 });
 */
export function kubectlPortForward(
  options: KubectlPortForwardOptions,
): Promise<KubectlPortForward> {
  const { kubectl, kubeconfig, namespace, target, remotePort, localPort, signal } = options;
  const ports = `${localPort || ''}:${remotePort}`;
  const args = ['--kubeconfig', kubeconfig, '-n', namespace, 'port-forward', target, ports];
  const child = spawn(kubectl, [...args, '--address', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    signal,
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lastError = () =>
    stderr.trim().split('\n').pop() || `kubectl port-forward ${target} ${ports} stopped`;
  const exited = new Promise<string>((resolve) => {
    child.on('close', () => resolve(lastError()));
    child.on('error', (error) => resolve(error.message));
  });
  return new Promise((resolve, reject) => {
    let stdout: string | undefined = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`kubectl port-forward ${target} ${ports}: no forwarding after 30 s`));
    }, 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout === undefined) return; // forwarding: one "Handling connection" line per connection
      stdout += chunk.toString();
      const port = /Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(stdout)?.[1];
      if (!port) return;
      clearTimeout(timer);
      stdout = undefined;
      resolve({
        port: Number(port),
        url: `http://127.0.0.1:${port}`,
        exited,
        close: () => child.kill(),
      });
    });
    exited.then((reason) => {
      clearTimeout(timer);
      reject(new Error(`kubectl port-forward ${target} ${ports} failed: ${reason}`));
    });
  });
}

/** Whether a program could listen on 127.0.0.1:`port` now. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
