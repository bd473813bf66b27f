import { join } from 'node:path';

/**
 * Private addresses, inside this machine only: pods on a bridge of the cluster's own, Services
 * on addresses only kube-proxy's rules know. The node's address is the pods' gateway on that
 * bridge: pods reach it, nothing outside the machine routes to it.
 */
export const NETWORK = {
  podCidr: '10.213.0.0/24',
  serviceCidr: '10.214.0.0/24',
  dnsServiceIp: '10.214.0.10',
  nodeIp: '10.213.0.1',
  bridge: 'tlab0',
  /** CNI network name: also names the files CNI keeps under /var/lib/cni. */
  cniNetwork: 'tracing-lab',
} as const;

export const PORTS = { apiServer: 6443, etcdClient: 12379, etcdPeer: 12380 } as const;

export const NODE_NAME = 'tracing-lab';

/** Every path a cluster uses lives under its folder, so `down` knows what is whose. */
export function clusterLayout(dir: string) {
  const containerd = join(dir, 'containerd');
  return {
    dir,
    pki: join(dir, 'pki'),
    kubeconfig: join(dir, 'kubeconfig'),
    record: join(dir, 'made.jsonl'),
    logs: join(dir, 'logs'),
    etcdData: join(dir, 'etcd'),
    containerd: {
      config: join(containerd, 'config.toml'),
      root: join(containerd, 'root'),
      state: join(containerd, 'state'),
      socket: join(containerd, 'containerd.sock'),
      runc: join(containerd, 'runc'),
    },
    cni: { confDir: join(dir, 'cni', 'net.d'), ipam: join(dir, 'cni', 'ipam') },
    kubelet: { root: join(dir, 'kubelet'), podLogs: join(dir, 'pod-logs') },
    manifests: join(dir, 'manifests'),
  };
}

export type ClusterLayout = ReturnType<typeof clusterLayout>;
