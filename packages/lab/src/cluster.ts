import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ControllerEvent, deploymentController } from './deployments.js';
import { onProcessExit } from './exit-cleanup.js';
import type { Programs } from './images.js';
import { readLog, tailLogs } from './logs.js';
import { createNode } from './network.js';
import { type PortForward, portForward } from './port-forward.js';
import { preflight } from './preflight.js';
import { diffRender, mergeRender } from './rollout.js';
import { checkServicePorts, forwardTarget } from './services.js';
import { claimRun, removeRun, sweepLeftovers } from './sweeper.js';
import type { Render } from './types.js';
import { refreshConfigMap } from './volumes.js';

export type ClusterEvent = ControllerEvent;

export interface ClusterOptions {
  programs: Programs;
  /** The namespace the pods believe they run in (downward API, Service FQDNs). */
  namespace?: string;
  nodeName?: string;
  /** Holds `logs/`; a fresh directory under the OS temp dir by default. Removed on stop. */
  runDir?: string;
  /** Holds pod sandboxes and the owner record the sweeper reads. */
  stateDir?: string;
  /** The kubelet's restart back-off (10 s doubling up to 5 min by default). */
  backoff?: { initialMs: number; maxMs: number };
  /** Caps terminationGracePeriodSeconds when pods are deleted. */
  maxGraceMs?: number;
  onEvent?: (event: ClusterEvent) => void;
}

/**
 * Starts a render as a cluster would: one pod per Deployment, each in its own network namespace.
 * @example
 * const cluster = await startCluster(await renderOverlay('kustomize/overlays/solution'), { programs });
 * await cluster.waitReady();
 * const jaeger = await cluster.portForward('svc/jaeger', 16686);
 */
export async function startCluster(render: Render, options: ClusterOptions) {
  preflight();
  const stateDir = options.stateDir ?? '/run/tracing-lab';
  sweepLeftovers(stateDir);
  const runId = randomBytes(3).toString('hex');
  const runDir = options.runDir ?? join(tmpdir(), `tracing-lab-${runId}`);
  const logDir = join(runDir, 'logs');
  const nodeNs = `tl-${runId}-node`;
  let applied: Render = { deployments: [], services: [], configMaps: [], ignored: [] };
  const controller = deploymentController({
    ...{
      runId,
      nodeNs,
      runState: claimRun(stateDir, runId, runDir),
      logDir,
      programs: options.programs,
    },
    ...{
      namespace: options.namespace ?? 'default',
      nodeName: options.nodeName ?? 'tracing-lab-node',
    },
    backoff: options.backoff ?? { initialMs: 10_000, maxMs: 300_000 },
    maxGraceMs: options.maxGraceMs ?? 10_000,
    onEvent: options.onEvent ?? (() => {}),
    applied: () => applied,
  });
  const { pods, podOf } = controller;
  let stopped = false;
  const killSync = () => {
    if (stopped) return;
    stopped = true;
    for (const pod of pods.values()) pod.killSync();
    removeRun(stateDir, runId, runDir);
  };
  const unregister = onProcessExit(killSync);

  /** Like `kubectl apply`: new Deployments start, changed templates roll out, ConfigMaps update in place. */
  async function apply(next: Render) {
    // A snapshot, as the API server keeps: later edits of the caller's objects change nothing.
    const snapshot = structuredClone(next);
    checkServicePorts(snapshot);
    const running = new Map([...pods].map(([name, pod]) => [name, pod.templateHash]));
    const diff = diffRender(applied, snapshot, running);
    applied = mergeRender(applied, snapshot);
    controller.sync(applied);
    for (const configMap of diff.configMaps) {
      for (const pod of pods.values()) refreshConfigMap(pod.template.spec, pod.volumes, configMap);
    }
    // The old pod goes first (like strategy Recreate): a Deployment has one address.
    await Promise.all(diff.changed.map((d) => controller.remove(d.metadata.name)));
    await Promise.all([...diff.changed, ...diff.created].map(controller.start));
    const names = (list: { metadata: { name: string } }[]) => list.map((o) => o.metadata.name);
    return {
      created: names(diff.created),
      rolledOut: names(diff.changed),
      configMaps: names(diff.configMaps),
    };
  }

  mkdirSync(logDir, { recursive: true });
  try {
    await createNode(nodeNs);
    await apply(render);
  } catch (error) {
    killSync();
    unregister();
    throw error;
  }

  return {
    runId,
    runDir,
    logDir,
    apply,
    /** Like `kubectl delete pod`: the Deployment replaces it with a new pod. */
    async restartPod(deployment: string) {
      await controller.remove(deployment);
      const spec = applied.deployments.find((d) => d.metadata.name === deployment);
      if (spec) await controller.start(spec);
    },
    pod: podOf,
    pods: () => [...pods.values()].map((p) => p.summary()),
    /** Resolves once every pod is Ready, or as soon as `signal` aborts (the caller checks which). */
    async waitReady(timeoutMs = 60_000, signal?: AbortSignal) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (signal?.aborted) return;
        const waiting = [...pods.values()].filter((p) => !p.ready()).map((p) => p.name);
        if (waiting.length === 0) return;
        if (Date.now() > deadline)
          throw new Error(`pods not Ready after ${timeoutMs} ms: ${waiting.join(', ')}`);
        await sleep(100);
      }
    },
    /** Like `kubectl port-forward`: `svc/<name>` or a Deployment name; a random local port unless given. */
    async portForward(target: string, port: number, localPort = 0): Promise<PortForward> {
      const { deployment, podPort } = forwardTarget(applied, target, port);
      return portForward((p) => podOf(deployment).dial('127.0.0.1', p), podPort, localPort);
    },
    /** Like `kubectl logs deploy/<name> [-c container]`. */
    logs: (deployment: string, container?: string) => {
      const pod = podOf(deployment);
      return readLog(logDir, pod.name, container ?? (pod.containers()[0]?.name as string));
    },
    tailLogs: (lines?: number) => tailLogs(logDir, lines),
    async stop() {
      if (stopped) return;
      await Promise.all([...pods.keys()].map(controller.remove));
      killSync();
      unregister();
    },
  };
}

export type Cluster = Awaited<ReturnType<typeof startCluster>>;
