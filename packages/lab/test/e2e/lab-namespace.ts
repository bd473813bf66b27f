import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { jaegerApi } from '../../src/jaeger/query-api.js';
import { repoRoot } from '../helpers.js';
import { FIRST_BUILD_TIMEOUT_MS } from '../kubernetes/cluster-cli.js';
import { restrictedNamespace, sharedCluster } from '../kubernetes/shared-cluster.js';
import { type KubectlPortForward, kubectlPortForward } from './kubectl-port-forward.js';

export const overlayDir = (overlay: 'exercise' | 'solution') =>
  join(repoRoot, 'kustomize', 'overlays', overlay);

/** A pod as `kubectl get pods` reports it. */
export interface PodStatus {
  name: string;
  /** Its `app.kubernetes.io/name` label: the Deployment it belongs to. */
  app: string;
  terminating: boolean;
  containers: { name: string; ready: boolean; restartCount: number }[];
}

interface PodJson {
  metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: string };
  status: { containerStatuses?: { name: string; ready: boolean; restartCount: number }[] };
}

export interface LabNamespace {
  ns: string;
  /** When the first `kubectl apply` started (ms since the epoch). */
  startedAt: number;
  /** `kubectl -n <ns> <args>` with the cluster's own kubectl. */
  kubectl: (args: string[]) => Promise<string>;
  /** `kubectl -n <ns> apply <args>` (`-k <dir>` ...), then `kubectl rollout status` of every Deployment. */
  apply: (...args: string[]) => Promise<string>;
  /** `kubectl -n <ns> logs deploy/<deployment>`. */
  logs: (deployment: string) => Promise<string>;
  pods: () => Promise<PodStatus[]>;
  /** The name of the Deployment's pod that is not terminating. */
  podOf: (deployment: string) => Promise<string>;
  /** Jaeger's query API through `kubectl port-forward svc/jaeger :16686`. */
  jaeger: ReturnType<typeof jaegerApi>;
}

/**
 * A fresh restricted namespace of the shared cluster for one test file, with `dir` (a kustomize
 * folder) applied and rolled out and Jaeger port-forwarded. When a test fails, pods, events and
 * the tail of every log are printed; the namespace is deleted at the end whatever happens.
 */
export function useLabNamespace(dir: () => string | Promise<string>): LabNamespace {
  const lab = {} as LabNamespace;
  let forward: KubectlPortForward | undefined;
  let removeNamespace: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const cluster = await sharedCluster();
    const namespace = await restrictedNamespace(cluster.kubectl, 'e2e');
    removeNamespace = namespace.remove;
    const ns = namespace.name;
    const kubectl = (args: string[]) => cluster.kubectl(['-n', ns, ...args]);
    const pods = async () =>
      (JSON.parse(await kubectl(['get', 'pods', '-o', 'json'])).items as PodJson[]).map((pod) => ({
        name: pod.metadata.name,
        app: pod.metadata.labels?.['app.kubernetes.io/name'] ?? '',
        terminating: pod.metadata.deletionTimestamp !== undefined,
        containers: pod.status.containerStatuses ?? [],
      }));
    Object.assign(lab, {
      ns,
      kubectl,
      pods,
      logs: (deployment: string) => kubectl(['logs', `deploy/${deployment}`]),
      podOf: async (deployment: string) => {
        const found = (await pods()).filter((p) => p.app === deployment && !p.terminating);
        if (found.length !== 1) throw new Error(`${found.length} running pods of ${deployment}`);
        return found[0]?.name as string;
      },
      apply: async (...args: string[]) => {
        const output = await kubectl(['apply', ...args]);
        const deployments = (await kubectl(['get', 'deployments', '-o', 'name'])).split(/\s+/);
        await kubectl(['rollout', 'status', ...deployments.filter(Boolean), '--timeout=90s']);
        return output;
      },
    });
    lab.startedAt = Date.now();
    try {
      await lab.apply('-k', await dir());
      forward = await kubectlPortForward(cluster, ns, 'svc/jaeger', 16686);
    } catch (error) {
      await report(lab);
      throw error;
    }
    lab.jaeger = jaegerApi(forward.url);
  }, FIRST_BUILD_TIMEOUT_MS);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await report(lab);
  });

  afterAll(async () => {
    await forward?.close();
    await removeNamespace?.();
  }, 60_000);

  return lab;
}

/** What a person looks at when the lab misbehaves: pods, events, the end of every log. */
async function report(lab: LabNamespace) {
  if (!lab.kubectl) return;
  const show = (args: string[]) =>
    lab.kubectl(args).then(
      (text) => text,
      (error: Error) => error.message,
    );
  const lines = [`[${lab.ns}] kubectl get pods`, await show(['get', 'pods', '-o', 'wide'])];
  lines.push(`[${lab.ns}] events`, await show(['get', 'events', '--sort-by=.lastTimestamp']));
  for (const name of ['client', 'server', 'otel-collector', 'jaeger'])
    lines.push(
      `[${lab.ns}] logs deploy/${name}`,
      await show(['logs', `deploy/${name}`, '--tail=40']),
    );
  console.error(lines.join('\n'));
}
