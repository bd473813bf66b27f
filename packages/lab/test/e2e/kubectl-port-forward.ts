import { spawn } from 'node:child_process';

export interface KubectlPortForward {
  url: string;
  close(): Promise<void>;
}

/**
 * `kubectl -n <ns> port-forward <target> :<remotePort>` as a person runs it: the local port is
 * the one kubectl prints on its "Forwarding from 127.0.0.1:<port>" line.
 */
export function kubectlPortForward(
  { kubectlPath, kubeconfig }: { kubectlPath: string; kubeconfig: string },
  namespace: string,
  target: string,
  remotePort: number,
): Promise<KubectlPortForward> {
  const args = ['--kubeconfig', kubeconfig, '-n', namespace, 'port-forward', target];
  const child = spawn(kubectlPath, [...args, `:${remotePort}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      void close();
      reject(new Error(`kubectl port-forward ${target}: no "Forwarding from" line within 20 s`));
    }, 20_000);
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const port = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(stdout)?.[1];
      if (!port) return;
      clearTimeout(timer);
      resolve({ url: `http://127.0.0.1:${port}`, close });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kubectl port-forward ${target} exited (${code}): ${stderr.trim()}`));
    });
  });
}
