import { stringify } from 'yaml';
import { NETWORK } from '../kube-cluster/layout.js';

const labels = { 'k8s-app': 'kube-dns' };

/**
 * The cluster DNS as Kubernetes runs it: a Deployment in kube-system behind the `kube-dns`
 * Service at the address the kubelet gives every pod. The API server listens on 127.0.0.1 only,
 * so CoreDNS runs in the node's network namespace and answers on the node's private address,
 * which is where kube-proxy sends the Service's traffic.
 */
export function corednsManifests(image: string, kubeconfigPath: string): string {
  const corefile = `.:53 {
    bind ${NETWORK.nodeIp}
    errors
    health ${NETWORK.nodeIp}:8080
    ready ${NETWORK.nodeIp}:8181
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        kubeconfig /etc/coredns/kubeconfig
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
    }
    cache 30
    loadbalance
}
`;
  const role = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'system:coredns' },
    rules: [
      {
        apiGroups: [''],
        resources: ['endpoints', 'services', 'pods', 'namespaces'],
        verbs: ['list', 'watch'],
      },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
    ],
  };
  const binding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'system:coredns' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:coredns' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'system:coredns' }],
  };
  const config = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'coredns', namespace: 'kube-system' },
    data: { Corefile: corefile },
  };
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: 'kube-system', labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          hostNetwork: true,
          dnsPolicy: 'Default',
          priorityClassName: 'system-cluster-critical',
          tolerations: [{ operator: 'Exists' }],
          containers: [
            {
              name: 'coredns',
              image,
              imagePullPolicy: 'Never',
              args: ['-conf', '/etc/coredns/Corefile'],
              volumeMounts: [
                { name: 'config', mountPath: '/etc/coredns/Corefile', subPath: 'Corefile' },
                { name: 'kubeconfig', mountPath: '/etc/coredns/kubeconfig', readOnly: true },
              ],
              readinessProbe: { httpGet: { host: NETWORK.nodeIp, path: '/ready', port: 8181 } },
              livenessProbe: { httpGet: { host: NETWORK.nodeIp, path: '/health', port: 8080 } },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
              },
            },
          ],
          volumes: [
            { name: 'config', configMap: { name: 'coredns' } },
            { name: 'kubeconfig', hostPath: { path: kubeconfigPath, type: 'File' } },
          ],
        },
      },
    },
  };
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kube-dns', namespace: 'kube-system', labels },
    spec: {
      clusterIP: NETWORK.dnsServiceIp,
      selector: labels,
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, protocol: 'TCP' },
      ],
    },
  };
  return [role, binding, config, deployment, service].map((doc) => stringify(doc)).join('---\n');
}
