import { LabConfigError } from '../../../packages/lab/src/errors.js';
import type { ConfigMap, Container, Service } from '../../../packages/lab/src/manifests/types.js';

/** What the downward API can tell a container about its pod. */
export interface PodFacts {
  name: string;
  namespace: string;
  uid: string;
  nodeName: string;
  ip: string;
  hostIP: string;
  serviceAccountName: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface EnvSources {
  pod: PodFacts;
  configMaps: ConfigMap[];
  /** Service links (`SERVER_SERVICE_HOST`...), like the kubelet injects; empty when disabled. */
  serviceLinks: Record<string, string>;
}

/**
 * The environment a container sees, built the way the kubelet builds it: service links, then
 * `envFrom`, then `env` in order, each value expanding `$(VAR)` over what came before.
 */
export function containerEnv(container: Container, sources: EnvSources): Record<string, string> {
  const env: Record<string, string> = { ...sources.serviceLinks };
  for (const from of container.envFrom ?? []) {
    if (from.secretRef) throw unsupported(container, 'envFrom.secretRef');
    const ref = from.configMapRef;
    if (!ref) continue;
    const configMap = sources.configMaps.find((c) => c.metadata.name === ref.name);
    if (!configMap && !ref.optional) throw missingConfigMap(container, ref.name);
    for (const [key, value] of Object.entries(configMap?.data ?? {})) {
      env[`${from.prefix ?? ''}${key}`] = value;
    }
  }
  for (const variable of container.env ?? []) {
    const value = variable.valueFrom ? valueFrom(container, variable, sources) : variable.value;
    if (value !== undefined) env[variable.name] = expand(value, env);
  }
  return env;
}

/** Kubernetes dependent variables: `$(NAME)` expands, `$$(NAME)` escapes, unknown stays as written. */
export function expand(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name?: string) => {
    if (match === '$$') return '$';
    return name !== undefined && name in env ? (env[name] as string) : match;
  });
}

function valueFrom(
  container: Container,
  variable: NonNullable<Container['env']>[number],
  { pod, configMaps }: EnvSources,
): string | undefined {
  const from = variable.valueFrom ?? {};
  if (from.fieldRef) return fieldRef(container, from.fieldRef.fieldPath, pod);
  const key = from.configMapKeyRef;
  if (key) {
    const value = configMaps.find((c) => c.metadata.name === key.name)?.data?.[key.key];
    if (value === undefined && !key.optional) throw missingConfigMap(container, key.name, key.key);
    return value;
  }
  throw unsupported(container, `valueFrom of ${variable.name}`);
}

function fieldRef(container: Container, path: string, pod: PodFacts): string {
  const simple: Record<string, string> = {
    'metadata.name': pod.name,
    'metadata.namespace': pod.namespace,
    'metadata.uid': pod.uid,
    'spec.nodeName': pod.nodeName,
    'spec.serviceAccountName': pod.serviceAccountName,
    'status.podIP': pod.ip,
    'status.podIPs': pod.ip,
    'status.hostIP': pod.hostIP,
    'status.hostIPs': pod.hostIP,
  };
  if (path in simple) return simple[path] as string;
  const keyed = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (keyed)
    return (keyed[1] === 'labels' ? pod.labels : pod.annotations)[keyed[2] as string] ?? '';
  throw unsupported(container, `fieldRef ${path}`);
}

/** The variables the kubelet derives from every Service of the namespace. */
export function serviceLinks(services: Service[], addressOf: (s: Service) => string | undefined) {
  const env: Record<string, string> = {};
  for (const service of services) {
    const ip = addressOf(service);
    const ports = service.spec.ports ?? [];
    if (!ip || ports.length === 0) continue;
    const prefix = service.metadata.name.toUpperCase().replaceAll('-', '_');
    env[`${prefix}_SERVICE_HOST`] = ip;
    env[`${prefix}_SERVICE_PORT`] = String(ports[0]?.port);
    for (const port of ports) {
      const proto = (port.protocol ?? 'TCP').toUpperCase();
      const base = `${prefix}_PORT_${port.port}_${proto}`;
      if (port.name)
        env[`${prefix}_SERVICE_PORT_${port.name.toUpperCase().replaceAll('-', '_')}`] = String(
          port.port,
        );
      Object.assign(env, {
        [base]: `${proto.toLowerCase()}://${ip}:${port.port}`,
        [`${base}_PROTO`]: proto.toLowerCase(),
        [`${base}_PORT`]: String(port.port),
        [`${base}_ADDR`]: ip,
      });
    }
    env[`${prefix}_PORT`] =
      `${(ports[0]?.protocol ?? 'TCP').toLowerCase()}://${ip}:${ports[0]?.port}`;
  }
  return env;
}

function unsupported(container: Container, what: string) {
  return new LabConfigError(
    `container ${container.name}: ${what} is not supported by these image tests`,
  );
}

function missingConfigMap(container: Container, name: string, key?: string) {
  const what = key ? `key ${key} of ConfigMap ${name}` : `ConfigMap ${name}`;
  return new LabConfigError(`container ${container.name}: ${what} not found in the render`);
}
