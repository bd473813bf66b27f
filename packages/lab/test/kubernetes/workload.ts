import { stringify } from 'yaml';

/** What PodSecurity "restricted" asks of every container. */
const restricted = {
  allowPrivilegeEscalation: false,
  runAsNonRoot: true,
  runAsUser: 65532,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/**
 * A restricted-namespace workload made of the cluster's own images: `sandbox`, a pod running
 * only the pause program, and `web`, CoreDNS serving its health endpoint behind a Service.
 */
export function workload(images: { pause: string; coredns: string }): string {
  const labels = { app: 'web' };
  const docs = [
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'sandbox' },
      spec: {
        containers: [
          {
            name: 'pause',
            image: images.pause,
            imagePullPolicy: 'Never',
            securityContext: restricted,
          },
        ],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'web' },
      data: { Corefile: '.:1053 {\n    health :8080\n}\n' },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: 'web',
                image: images.coredns,
                imagePullPolicy: 'Never',
                args: ['-conf', '/etc/coredns/Corefile'],
                ports: [{ containerPort: 8080 }],
                readinessProbe: { httpGet: { path: '/health', port: 8080 } },
                volumeMounts: [{ name: 'config', mountPath: '/etc/coredns' }],
                securityContext: restricted,
              },
            ],
            volumes: [{ name: 'config', configMap: { name: 'web' } }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] },
    },
  ];
  return docs.map((doc) => stringify(doc)).join('---\n');
}
