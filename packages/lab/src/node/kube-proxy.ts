import { join } from 'node:path';
import { stringify } from 'yaml';
import { type ClusterLayout, NETWORK, NODE_NAME } from '../kube-cluster/layout.js';
import { kubeconfigOf } from '../pki/cluster-pki.js';

/**
 * kube-proxy in iptables mode: Service addresses exist only as its rules. Health and metrics on
 * loopback, node ports only on the node's private address, conntrack sysctls left alone.
 */
export function kubeProxyConfig(layout: ClusterLayout): string {
  return stringify({
    apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
    kind: 'KubeProxyConfiguration',
    mode: 'iptables',
    clientConnection: { kubeconfig: kubeconfigOf(layout, 'kube-proxy') },
    hostnameOverride: NODE_NAME,
    clusterCIDR: NETWORK.podCidr,
    healthzBindAddress: '127.0.0.1:10256',
    metricsBindAddress: '127.0.0.1:10249',
    nodePortAddresses: [`${NETWORK.nodeIp}/32`],
    conntrack: { maxPerCore: 0 },
  });
}

export function kubeProxyArgs(layout: ClusterLayout): string[] {
  return [`--config=${join(layout.dir, 'kube-proxy.yaml')}`];
}
