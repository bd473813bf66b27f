import { join } from 'node:path';
import { type ClusterLayout, NETWORK, PORTS } from '../kube-cluster/layout.js';

/**
 * The API server on 127.0.0.1 only. `Node,RBAC` authorization as in any real cluster; the
 * kubelet client certificate lets `kubectl logs`, `exec` and `port-forward` reach the node. With
 * one API server on loopback there is no address to publish in the `kubernetes` Service.
 */
export function kubeApiserverArgs(layout: ClusterLayout): string[] {
  const pki = (file: string) => join(layout.pki, file);
  return [
    '--bind-address=127.0.0.1',
    `--secure-port=${PORTS.apiServer}`,
    `--advertise-address=${NETWORK.nodeIp}`,
    '--endpoint-reconciler-type=none',
    `--etcd-servers=http://127.0.0.1:${PORTS.etcdClient}`,
    `--service-cluster-ip-range=${NETWORK.serviceCidr}`,
    `--client-ca-file=${pki('ca.crt')}`,
    `--tls-cert-file=${pki('kube-apiserver.crt')}`,
    `--tls-private-key-file=${pki('kube-apiserver.key')}`,
    `--kubelet-client-certificate=${pki('kube-apiserver-kubelet-client.crt')}`,
    `--kubelet-client-key=${pki('kube-apiserver-kubelet-client.key')}`,
    `--kubelet-certificate-authority=${pki('ca.crt')}`,
    '--kubelet-preferred-address-types=InternalIP',
    `--service-account-key-file=${pki('service-account.pub')}`,
    `--service-account-signing-key-file=${pki('service-account.key')}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    '--authorization-mode=Node,RBAC',
    '--enable-admission-plugins=NodeRestriction',
    '--profiling=false',
  ];
}
