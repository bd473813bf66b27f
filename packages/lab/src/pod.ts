import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type ContainerEvent, type RunningContainer, runContainer } from './container.js';
import { containerSpec } from './container-spec.js';
import { LabConfigError } from './errors.js';
import type { Programs } from './images.js';
import { createPodNetwork, deleteNamespaceSync } from './network.js';
import { checkProbe } from './probes.js';
import { connectThrough, startRelay } from './relay.js';
import { containerCommand } from './runtime.js';
import { removePodDns, writePodDns } from './service-dns.js';
import type { ConfigMap, PodTemplate } from './types.js';
import { materialiseVolumes } from './volumes.js';

export interface PodOptions {
  name: string;
  deployment: string;
  template: PodTemplate;
  templateHash: string;
  address: string;
  netns: string;
  nodeNs: string;
  veth: string;
  podDir: string;
  logDir: string;
  namespace: string;
  nodeName: string;
  programs: Programs;
  configMaps: ConfigMap[];
  hosts: string;
  resolvConf: string;
  serviceLinks: Record<string, string>;
  backoff: { initialMs: number; maxMs: number };
  onEvent: (event: PodEvent) => void;
}

export type PodEvent = Omit<ContainerEvent, 'type' | 'container'> & {
  type: ContainerEvent['type'] | 'pod-created';
  container?: string;
};

/**
 * A pod: a sandbox (network namespace with its address, hosts file, relay and volumes) and its
 * containers. Every container is checked before anything starts, so a manifest the runner cannot
 * honour fails with one clear line instead of a half-started pod.
 */
export async function createPod(options: PodOptions) {
  const { name, template, netns, podDir } = options;
  const spec = template.spec;
  if (spec.initContainers?.length)
    throw new LabConfigError(`pod ${name}: initContainers are not supported`);
  mkdirSync(podDir, { recursive: true, mode: 0o755 });
  const volumes = materialiseVolumes(spec, podDir, options.configMaps);
  const facts = {
    name,
    namespace: options.namespace,
    uid: randomUUID(),
    nodeName: options.nodeName,
    ip: options.address,
    hostIP: options.address,
    serviceAccountName: spec.serviceAccountName ?? 'default',
    labels: template.metadata?.labels ?? {},
    annotations: template.metadata?.annotations ?? {},
  };
  const context = { pod: facts, podSpec: spec, netns, podDir, volumes, programs: options.programs };
  const specs = spec.containers.map((container) => {
    checkProbe(container, container.readinessProbe);
    checkProbe(container, container.livenessProbe);
    const built = containerSpec(container, {
      ...context,
      configMaps: options.configMaps,
      serviceLinks: options.serviceLinks,
    });
    return { container, ...built };
  });

  await createPodNetwork({
    nodeNs: options.nodeNs,
    podNs: netns,
    veth: options.veth,
    address: options.address,
  });
  writePodDns(netns, options.hosts, options.resolvConf);
  const relaySocket = join(podDir, 'relay.sock');
  let relay: ChildProcess | undefined;
  try {
    relay = await startRelay(options.programs.node, netns, relaySocket);
  } catch (error) {
    deleteNamespaceSync(netns);
    throw error;
  }
  const dial = (host: string, port: number) => connectThrough(relaySocket, host, port);
  options.onEvent({ type: 'pod-created', pod: name, detail: options.address });
  const graceMs = (spec.terminationGracePeriodSeconds ?? 30) * 1000;
  const containers = new Map<string, RunningContainer>();
  for (const { container, runtime, env } of specs) {
    const command = containerCommand(runtime);
    const common = {
      pod: name,
      podAddress: options.address,
      logDir: options.logDir,
      backoff: options.backoff,
    };
    containers.set(
      container.name,
      runContainer({ ...common, container, command, env, dial, graceMs, onEvent: options.onEvent }),
    );
  }

  const statuses = () => [...containers.values()].map((c) => c.status());
  const removeSandbox = () => {
    relay?.kill('SIGKILL');
    deleteNamespaceSync(netns);
    removePodDns(netns);
    rmSync(podDir, { recursive: true, force: true });
  };
  return {
    name,
    deployment: options.deployment,
    templateHash: options.templateHash,
    address: options.address,
    volumes,
    template,
    dial,
    containers: statuses,
    ready: () => statuses().every((c) => c.ready),
    /** What `kubectl get pod -o wide` would show. */
    summary: () => ({
      name,
      deployment: options.deployment,
      address: options.address,
      ready: statuses().every((c) => c.ready),
      containers: statuses(),
    }),
    /** Deletes the pod: SIGTERM, grace period (capped by `maxGraceMs`), SIGKILL, sandbox removed. */
    async stop(maxGraceMs = graceMs) {
      await Promise.all([...containers.values()].map((c) => c.stop(Math.min(graceMs, maxGraceMs))));
      removeSandbox();
    },
    killSync() {
      for (const container of containers.values()) container.killSync();
      removeSandbox();
    },
    updateDns(hosts: string) {
      writePodDns(netns, hosts, options.resolvConf);
    },
  };
}

export type Pod = Awaited<ReturnType<typeof createPod>>;
