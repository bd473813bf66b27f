import { join } from 'node:path';
import type { ClusterLayout } from '../kube-cluster/layout.js';
import { kubeconfigOf } from '../pki/cluster-pki.js';

/** One controller manager, no leader election, serving nothing (`--secure-port=0`). */
export function kubeControllerManagerArgs(layout: ClusterLayout): string[] {
  return [
    `--kubeconfig=${kubeconfigOf(layout, 'kube-controller-manager')}`,
    `--service-account-private-key-file=${join(layout.pki, 'service-account.key')}`,
    `--root-ca-file=${join(layout.pki, 'ca.crt')}`,
    '--use-service-account-credentials=true',
    '--leader-elect=false',
    '--secure-port=0',
    '--profiling=false',
  ];
}
