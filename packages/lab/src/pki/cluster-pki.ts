import { join } from 'node:path';
import { type ClusterLayout, NETWORK, NODE_NAME, PORTS } from '../kube-cluster/layout.js';
import { makeCertificates } from './certificates.js';
import { writeKubeconfig } from './kubeconfig.js';

/** Users with a kubeconfig of their own in the cluster's `pki/` folder. */
const COMPONENTS = [
  'kube-controller-manager',
  'kube-scheduler',
  'kube-proxy',
  'kubelet',
  'coredns',
];

/**
 * Every identity of one cluster: the API server's serving certificate, its client certificate
 * towards the kubelet, the admin (`system:masters`), each component under the name Kubernetes'
 * default RBAC expects (`system:kube-scheduler`, `system:node:<node>`...), and a kubeconfig each.
 *
 * @example await makeClusterPki(clusterLayout(dir)); // then layout.kubeconfig is the admin's
 */
export async function makeClusterPki(layout: ClusterLayout): Promise<void> {
  await makeCertificates(layout.pki, [
    {
      name: 'kube-apiserver',
      cn: 'kube-apiserver',
      san: [
        'IP:127.0.0.1',
        'DNS:localhost',
        'DNS:kubernetes',
        'DNS:kubernetes.default',
        'DNS:kubernetes.default.svc',
        'DNS:kubernetes.default.svc.cluster.local',
      ],
    },
    {
      name: 'kube-apiserver-kubelet-client',
      cn: 'kube-apiserver-kubelet-client',
      o: 'system:masters',
    },
    { name: 'admin', cn: 'tracing-lab-admin', o: 'system:masters' },
    { name: 'kube-controller-manager', cn: 'system:kube-controller-manager' },
    { name: 'kube-scheduler', cn: 'system:kube-scheduler' },
    { name: 'kube-proxy', cn: 'system:kube-proxy' },
    {
      name: 'kubelet',
      cn: `system:node:${NODE_NAME}`,
      o: 'system:nodes',
      san: [`IP:${NETWORK.nodeIp}`, `DNS:${NODE_NAME}`],
    },
    { name: 'coredns', cn: 'system:coredns' },
  ]);
  const server = `https://127.0.0.1:${PORTS.apiServer}`;
  await writeKubeconfig({ pki: layout.pki, user: 'admin', server, path: layout.kubeconfig });
  for (const user of COMPONENTS)
    await writeKubeconfig({ pki: layout.pki, user, server, path: kubeconfigOf(layout, user) });
}

/** The kubeconfig `makeClusterPki` wrote for one component. */
export const kubeconfigOf = (layout: ClusterLayout, user: string) =>
  join(layout.pki, `${user}.kubeconfig`);
