import {
  isPortFree,
  type KubectlPortForward,
  kubectlPortForward,
} from '../kube-cluster/port-forward.js';
import type { DemoCluster } from './demo-cluster.js';

interface ForwardOptions {
  namespace: string;
  port: number;
  /** Ctrl-C: kubectl stops, and is not started again. */
  signal: AbortSignal;
  print: (line: string) => void;
}

export interface JaegerForward {
  url: string;
  close(): void;
}

/**
 * `kubectl port-forward svc/jaeger <port>:16686`, kept up for the whole demo: a busy `port` is
 * replaced by a free one (said in one line), and a forward that stops (its pod replaced) is
 * started again on the same port.
 */
export async function forwardJaeger(
  cluster: DemoCluster,
  { namespace, port, signal, print }: ForwardOptions,
): Promise<JaegerForward> {
  const free = port === 0 || (await isPortFree(port));
  const start = (localPort: number) =>
    kubectlPortForward({
      kubectl: cluster.kubectlPath,
      kubeconfig: cluster.kubeconfig,
      namespace,
      target: 'svc/jaeger',
      remotePort: 16686,
      localPort,
      signal,
    });
  let current: KubectlPortForward = await start(free ? port : 0);
  if (!free) print(`Port ${port} is busy: Jaeger is forwarded to port ${current.port} instead.`);
  let closed = false;
  const keep = async (forward: KubectlPortForward): Promise<void> => {
    const reason = await forward.exited;
    if (closed || signal.aborted) return;
    print(`  ! kubectl port-forward stopped (${reason}): starting it again`);
    for (;;) {
      if (closed || signal.aborted) return;
      try {
        current = await start(forward.port);
        return keep(current);
      } catch (error) {
        print(`  ! ${(error as Error).message}; next try in 5 s`);
        await new Promise((resolve) => setTimeout(resolve, 5000));
      }
    }
  };
  void keep(current);
  return {
    url: current.url,
    close: () => {
      closed = true;
      current.close();
    },
  };
}

/**
 * A Jaeger built from its Go module serves a placeholder page instead of the UI (the official
 * release embeds the UI); the query API is the same.
 */
export async function servesPlaceholderUI(url: string): Promise<boolean> {
  const page = await fetch(url, { signal: AbortSignal.timeout(5000) }).then(
    (response) => response.text(),
    () => '',
  );
  return page.includes('This is a placeholder for the Jaeger UI');
}
