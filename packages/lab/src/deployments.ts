import { join } from 'node:path';
import { serviceLinks } from './env.js';
import { LabConfigError } from './errors.js';
import type { Programs } from './images.js';
import { podAddress } from './network.js';
import { createPod, type Pod, type PodEvent } from './pod.js';
import { hostsFile, resolvConf } from './service-dns.js';
import { backingDeployment, serviceRecords } from './services.js';
import { podName, templateHash } from './templates.js';
import type { Deployment, Render } from './types.js';

export type ControllerEvent = Omit<PodEvent, 'type'> & {
  type: PodEvent['type'] | 'pod-deleted' | 'warning';
};

export interface ControllerOptions {
  runId: string;
  nodeNs: string;
  /** Where pod sandboxes go (`<stateDir>/<runId>`). */
  runState: string;
  logDir: string;
  namespace: string;
  nodeName: string;
  programs: Programs;
  backoff: { initialMs: number; maxMs: number };
  maxGraceMs: number;
  onEvent: (event: ControllerEvent) => void;
  /** The objects applied so far. */
  applied: () => Render;
}

/**
 * The Deployment controller: one pod per Deployment, replaced (never duplicated) on a rollout or
 * a deletion. Each Deployment keeps one address for all its pods, which stands in for its
 * Service's ClusterIP: hosts files never need to follow a pod.
 */
export function deploymentController(options: ControllerOptions) {
  const { runId, namespace, onEvent } = options;
  const pods = new Map<string, Pod>();
  const addresses = new Map<string, string>();
  let vethCount = 0;
  const addressOf = (deployment: string) => addresses.get(deployment);
  const hostsFor = (name: string, address: string) =>
    hostsFile({ name, address }, serviceRecords(options.applied(), addressOf), namespace);

  async function start(deployment: Deployment) {
    const name = deployment.metadata.name;
    const replicas = deployment.spec.replicas ?? 1;
    if (replicas === 0) return;
    if (replicas > 1)
      onEvent({ type: 'warning', pod: name, detail: `runs 1 of ${replicas} replicas` });
    const { template } = deployment.spec;
    const hash = templateHash(template);
    const pod = podName(name, hash);
    const address = addresses.get(name) as string;
    const applied = options.applied();
    const links =
      template.spec.enableServiceLinks === false
        ? {}
        : serviceLinks(applied.services, (s) =>
            addressOf(backingDeployment(s, applied.deployments)?.metadata.name ?? ''),
          );
    const created = await createPod({
      ...{ name: pod, deployment: name, template, templateHash: hash, address, namespace },
      ...{ nodeName: options.nodeName, programs: options.programs, nodeNs: options.nodeNs },
      ...{
        netns: `tl-${runId}-${pod}`,
        veth: `veth${vethCount++}`,
        podDir: join(options.runState, 'pods', pod),
      },
      ...{ logDir: options.logDir, configMaps: applied.configMaps, hosts: hostsFor(pod, address) },
      ...{
        resolvConf: resolvConf(namespace),
        serviceLinks: links,
        backoff: options.backoff,
        onEvent,
      },
    });
    pods.set(name, created);
  }

  async function remove(deployment: string) {
    const pod = pods.get(deployment);
    if (!pod) return;
    pods.delete(deployment);
    await pod.stop(options.maxGraceMs);
    onEvent({ type: 'pod-deleted', pod: pod.name });
  }

  return {
    pods,
    start,
    remove,
    /** Gives every new Deployment its address, then tells every pod about all Services. */
    sync(render: Render) {
      for (const d of render.deployments) {
        if (!addresses.has(d.metadata.name))
          addresses.set(d.metadata.name, podAddress(addresses.size));
      }
      for (const pod of pods.values()) pod.updateDns(hostsFor(pod.name, pod.address));
    },
    podOf(deployment: string): Pod {
      const pod = pods.get(deployment);
      if (!pod) throw new LabConfigError(`no running pod for Deployment ${deployment}`);
      return pod;
    },
  };
}
