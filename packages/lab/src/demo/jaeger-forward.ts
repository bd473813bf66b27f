import {
  isPortFree,
  type KubectlPortForward,
  kubectlPortForward,
} from '../kube-cluster/port-forward.js';
import type { DemoCluster } from './demo-cluster.js';

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
  namespace: string,
  port: number,
  print: (line: string) => void,
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
    });
  let current: KubectlPortForward = await start(free ? port : 0);
  if (!free) print(`Port ${port} is busy: Jaeger is forwarded to port ${current.port} instead.`);
  let closed = false;
  const keep = async (forward: KubectlPortForward): Promise<void> => {
    const reason = await forward.exited;
    if (closed) return;
    print(`  ! kubectl port-forward stopped (${reason}): starting it again`);
    for (;;) {
      if (closed) return;
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
