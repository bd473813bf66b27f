import { existsSync } from 'node:fs';
import { kubeChains } from './iptables.js';
import { type ClusterLayout, NETWORK } from './layout.js';

/** A machine or state that prevents the cluster from starting; the message says which and why. */
export class ClusterError extends Error {
  override name = 'ClusterError';
}

const TOOLS: [string, string][] = [
  ['/usr/bin/containerd', 'containerd'],
  ['/usr/bin/ctr', 'containerd'],
  ['/usr/sbin/runc', 'runc'],
  ['/usr/lib/cni/bridge', 'containernetworking-plugins'],
  ['/usr/lib/cni/host-local', 'containernetworking-plugins'],
  ['/usr/sbin/iptables', 'iptables'],
  ['/usr/bin/openssl', 'openssl'],
  ['/usr/bin/gcc', 'gcc'],
];

/** What a kubelet needs from the machine, checked before anything is built or started. */
export async function preflight(layout: ClusterLayout): Promise<void> {
  if (process.platform !== 'linux') throw new ClusterError('a kubelet runs on Linux only');
  if (process.getuid?.() !== 0)
    throw new ClusterError(
      'run as root: the kubelet manages cgroups, mounts and network namespaces',
    );
  const missing = [...new Set(TOOLS.filter(([path]) => !existsSync(path)).map(([, pkg]) => pkg))];
  if (missing.length > 0)
    throw new ClusterError(
      `missing Debian packages: ${missing.join(' ')} (scripts/cluster-tools.sh installs them)`,
    );
  if (existsSync(layout.record) || existsSync(layout.kubeconfig))
    throw new ClusterError(
      `a cluster is already in ${layout.dir}: run \`tracing-lab cluster down\` first`,
    );
  if (existsSync(`/sys/class/net/${NETWORK.bridge}`))
    throw new ClusterError(
      `interface ${NETWORK.bridge} exists: another tracing-lab cluster runs on this machine`,
    );
  const chains = kubeChains();
  if (chains.length > 0)
    throw new ClusterError(
      `${chains[0]?.command} already has KUBE- chains (${chains[0]?.chains[0]}): another Kubernetes node runs on this machine, or a cluster was not brought down`,
    );
}
