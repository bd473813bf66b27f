import { join } from 'node:path';
import type { ClusterLayout } from '../kube-cluster/layout.js';

/** One scheduler, no leader election, serving nothing (`--secure-port=0`). */
export function kubeSchedulerArgs(layout: ClusterLayout): string[] {
  return [
    `--kubeconfig=${join(layout.pki, 'kube-scheduler.kubeconfig')}`,
    '--leader-elect=false',
    '--secure-port=0',
    '--profiling=false',
  ];
}
