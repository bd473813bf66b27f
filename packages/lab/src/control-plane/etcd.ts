import type { ClusterLayout } from '../kube-cluster/layout.js';
import { PORTS } from '../kube-cluster/layout.js';

/** etcd on loopback only; a throwaway cluster does not need fsync. */
export function etcdArgs(layout: ClusterLayout): string[] {
  const client = `http://127.0.0.1:${PORTS.etcdClient}`;
  const peer = `http://127.0.0.1:${PORTS.etcdPeer}`;
  return [
    '--name=tracing-lab',
    `--data-dir=${layout.etcdData}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=tracing-lab=${peer}`,
    '--unsafe-no-fsync',
    '--log-level=warn',
  ];
}
