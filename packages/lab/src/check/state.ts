import type { Kubectl } from '../kube-cluster/kubectl.js';
import type { ConfigMap, Deployment, KubeObject, NamespaceState, Pod, Service } from './types.js';
import { podsOf } from './workloads.js';

/** The namespace asked for does not exist (or the user may not see it). */
export class NamespaceNotFound extends Error {
  override name = 'NamespaceNotFound';
}

const firstLine = (error: unknown) =>
  (error instanceof Error ? error.message : String(error))
    .replace(/^kubectl .*? failed: /, '')
    .split('\n')[0] ?? '';

/**
 * Reads one namespace through the API server, with what an attendee's credentials allow: its
 * Deployments, pods, ConfigMaps and Services in one call, the last minute of the running
 * Collector's log, and the services Jaeger holds traces of, asked through the API server's
 * service proxy (no port-forward).
 */
export async function readNamespace(kubectl: Kubectl, namespace: string): Promise<NamespaceState> {
  const labels = await kubectl(['get', 'namespace', namespace, '-o', 'json']).then(
    (text) => (JSON.parse(text) as KubeObject).metadata.labels ?? {},
    (error: unknown) => {
      if (/NotFound/.test(String(error)))
        throw new NamespaceNotFound(`namespace ${namespace} not found`);
      // An attendee without the facilitator's namespace rights still gets the rest.
      if (/Forbidden/.test(String(error))) return {};
      throw error;
    },
  );
  const list = JSON.parse(
    await kubectl([
      'get',
      'deployments,pods,configmaps,services',
      '-n',
      namespace,
      '-o',
      'json',
      // kubectl leaves managedFields out by default; they date the ConfigMap's last change.
      '--show-managed-fields',
    ]),
  ) as { items: KubeObject[] };
  const of = <T>(kind: string) => list.items.filter((o) => o.kind === kind) as T[];
  const state: NamespaceState = {
    namespace,
    labels,
    deployments: of<Deployment>('Deployment'),
    pods: of<Pod>('Pod'),
    configMaps: of<ConfigMap>('ConfigMap'),
    services: of<Service>('Service'),
    jaegerServices: [],
  };

  const collector = state.deployments.find((d) => d.metadata.name === 'otel-collector');
  const running = collector
    ? podsOf(collector, state.pods).find((p) => p.status.phase === 'Running')
    : undefined;
  if (running)
    state.collectorLog = await kubectl([
      'logs',
      running.metadata.name,
      '-c',
      'otel-collector',
      '-n',
      namespace,
      '--since=60s',
      '--tail=500',
    ]).catch((error: unknown) => `(log unavailable: ${firstLine(error)})`);

  if (state.services.some((s) => s.metadata.name === 'jaeger'))
    state.jaegerServices = await kubectl([
      'get',
      '--raw',
      `/api/v1/namespaces/${namespace}/services/jaeger:16686/proxy/api/services`,
    ]).then(
      (text) => ((JSON.parse(text) as { data: string[] | null }).data ?? []) as string[],
      (error: unknown) => ({ error: firstLine(error) }),
    );
  else state.jaegerServices = { error: 'no Service jaeger' };
  return state;
}

/** The namespaces holding the workshop: labelled, or holding the lab's labelled Deployments. */
export async function workshopNamespaces(kubectl: Kubectl): Promise<string[]> {
  const selector = 'app.kubernetes.io/part-of=tracing-lab';
  const names = async (args: string[]) =>
    (JSON.parse(await kubectl([...args, '-l', selector, '-o', 'json'])) as { items: KubeObject[] })
      .items;
  const labelled = (await names(['get', 'namespaces'])).map((n) => n.metadata.name);
  const deployed = (await names(['get', 'deployments', '-A'])).map(
    (d) => d.metadata.namespace ?? '',
  );
  return [...new Set([...labelled, ...deployed])].filter(Boolean).sort();
}
