import type { ClusterLayout } from '../kube-cluster/layout.js';
import { kubeconfigOf } from '../pki/cluster-pki.js';

/** One scheduler, no leader election, serving nothing (`--secure-port=0`). */
export function kubeSchedulerArgs(layout: ClusterLayout): string[] {
  return [
    `--kubeconfig=${kubeconfigOf(layout, 'kube-scheduler')}`,
    '--leader-elect=false',
    '--secure-port=0',
    '--profiling=false',
  ];
}
