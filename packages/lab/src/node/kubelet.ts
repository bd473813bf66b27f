import { join } from 'node:path';
import { stringify } from 'yaml';
import { type ClusterLayout, NETWORK, NODE_NAME } from '../kube-cluster/layout.js';
import { kubeconfigOf } from '../pki/cluster-pki.js';

/**
 * The kubelet, fitted to a shared machine: cgroupfs (no systemd here), cgroup v1 and swap
 * accepted, eviction thresholds that a busy disk or memory do not trip, images never collected
 * (they cannot be pulled again). It serves only on the node's private address, with a
 * certificate of the cluster's CA, and asks the API server who may read logs or exec.
 */
export function kubeletConfig(layout: ClusterLayout): string {
  const pki = (file: string) => join(layout.pki, file);
  return stringify({
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    address: NETWORK.nodeIp,
    readOnlyPort: 0,
    healthzPort: 0,
    tlsCertFile: pki('kubelet.crt'),
    tlsPrivateKeyFile: pki('kubelet.key'),
    authentication: {
      anonymous: { enabled: false },
      webhook: { enabled: true },
      x509: { clientCAFile: pki('ca.crt') },
    },
    authorization: { mode: 'Webhook' },
    containerRuntimeEndpoint: `unix://${layout.containerd.socket}`,
    cgroupDriver: 'cgroupfs',
    failCgroupV1: false,
    failSwapOn: false,
    clusterDNS: [NETWORK.dnsServiceIp],
    clusterDomain: 'cluster.local',
    resolvConf: join(layout.kubelet.root, 'resolv.conf'),
    podLogsDir: layout.kubelet.podLogs,
    evictionHard: {
      'memory.available': '1Mi',
      'nodefs.available': '1%',
      'nodefs.inodesFree': '1%',
      'imagefs.available': '1%',
    },
    imageGCHighThresholdPercent: 100,
    imageGCLowThresholdPercent: 99,
    serializeImagePulls: false,
    maxPods: 30,
  });
}

export function kubeletArgs(layout: ClusterLayout): string[] {
  return [
    `--config=${join(layout.kubelet.root, 'config.yaml')}`,
    `--kubeconfig=${kubeconfigOf(layout, 'kubelet')}`,
    `--root-dir=${layout.kubelet.root}`,
    `--node-ip=${NETWORK.nodeIp}`,
    `--hostname-override=${NODE_NAME}`,
  ];
}
