import { parse } from 'yaml';
import type { Render } from './render';

/** The fields of the Kubernetes objects these tests read; kube-check validates the full schema. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  data?: Record<string, string>;
  spec?: DeploymentSpec & ServiceSpec;
}

export interface DeploymentSpec {
  selector?: { matchLabels?: Record<string, string> };
  template: { metadata?: { labels?: Record<string, string> }; spec: PodSpec };
}

export interface ServiceSpec {
  type?: string;
  selector?: Record<string, string>;
  ports: { name?: string; port: number; targetPort?: number | string }[];
}

export interface PodSpec {
  automountServiceAccountToken?: boolean;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; runAsGroup?: number };
  containers: Container[];
  volumes?: { name: string; configMap?: { name: string }; emptyDir?: object }[];
}

export interface Probe {
  httpGet?: { path?: string; port: number | string };
  tcpSocket?: { port: number | string };
  grpc?: { port: number };
}

export interface Container {
  name: string;
  image: string;
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: {
    name: string;
    value?: string;
    valueFrom?: { fieldRef?: { apiVersion?: string; fieldPath: string } };
  }[];
  resources?: {
    requests?: { cpu?: string; memory?: string };
    limits?: { cpu?: string; memory?: string };
  };
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  securityContext?: { readOnlyRootFilesystem?: boolean };
  volumeMounts?: { name: string; mountPath: string; subPath?: string; readOnly?: boolean }[];
}

export function byKind(render: Render, kind: string): K8sObject[] {
  return render.objects.filter((o) => o.kind === kind);
}

export function find(render: Render, kind: string, name: string): K8sObject {
  const object = render.objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!object) throw new Error(`${render.dir}: no ${kind}/${name}`);
  return object;
}

export function podSpec(deployment: K8sObject): PodSpec {
  const spec = deployment.spec?.template.spec;
  if (!spec) throw new Error(`${deployment.kind}/${deployment.metadata.name} has no pod template`);
  return spec;
}

/** The ConfigMap mounted at `mountPath` in the Deployment's first container. */
export function mountedConfigMap(render: Render, deployment: string, mountPath: string): K8sObject {
  const spec = podSpec(find(render, 'Deployment', deployment));
  const mount = spec.containers[0]?.volumeMounts?.find((m) => m.mountPath === mountPath);
  const volume = spec.volumes?.find((v) => v.name === mount?.name);
  if (!volume?.configMap) throw new Error(`${deployment}: no ConfigMap mounted at ${mountPath}`);
  return find(render, 'ConfigMap', volume.configMap.name);
}

// biome-ignore lint/suspicious/noExplicitAny: Collector and Jaeger configs are free-form YAML.
export type Config = Record<string, any>;

export function collectorConfig(render: Render): Config {
  const configMap = mountedConfigMap(render, 'otel-collector', '/etc/otelcol-contrib');
  return parse(configMap.data?.['config.yaml'] ?? '') as Config;
}

export function jaegerConfig(render: Render): Config {
  return parse(mountedConfigMap(render, 'jaeger', '/etc/jaeger').data?.['config.yaml'] ?? '');
}
