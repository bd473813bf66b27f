import { dirname } from 'node:path';
import type { ImageSource } from '../node/import-images.js';
import { demoClock } from './clock.js';
import { type DemoCluster, demoCluster, removeCluster } from './demo-cluster.js';
import {
  applyOverlay,
  DEMO_NAMESPACE,
  removeNamespace,
  waitForRollouts,
} from './demo-namespace.js';
import { watchExportErrors } from './export-errors.js';
import { forwardJaeger, type JaegerForward, servesPlaceholderUI } from './jaeger-forward.js';
import { watchTraces } from './watch-traces.js';

export interface DemoOptions {
  repoRoot: string;
  overlay: 'solution' | 'exercise';
  /** The cluster's folder: a cluster running there is used, else one is started there. */
  clusterDir: string;
  cacheDir: string;
  /** The project's images, for a cluster the demo starts (built first when missing or stale). */
  projectImages: (onProgress: (line: string) => void) => Promise<ImageSource[]>;
  /** The local port for Jaeger (query API and UI); 0 = any free port. Busy: another one. */
  jaegerPort?: number;
  /** Stop by itself this many seconds after the pods are Ready; by default at `signal`. */
  durationSeconds?: number;
  /** Leave the cluster (and the namespace) running at the end. */
  keep?: boolean;
  /** Ctrl-C: stop, removing everything the demo made. */
  signal: AbortSignal;
  /** A second Ctrl-C: remove without waiting for the namespace's pods to stop. */
  hurry?: AbortSignal;
  print?: (line: string) => void;
}

/**
 * `tracing-lab demo`: the overlay on a real single-node Kubernetes, with where to look and what
 * arrives, then everything it started removed.
 * @example await runDemo({ repoRoot, overlay: 'solution', clusterDir, cacheDir, projectImages, signal });
 */
export async function runDemo(options: DemoOptions): Promise<void> {
  const { signal, hurry = new AbortController().signal, print = console.log } = options;
  const started = Date.now();
  let ours = false;
  let cluster: DemoCluster | undefined;
  let forward: JaegerForward | undefined;
  const steps = (async () => {
    cluster = await demoCluster(
      { ...options, dir: options.clusterDir, print },
      (owned) => (ours = owned),
    );
    signal.throwIfAborted();
    await showStack(cluster, options, started, print);
    signal.throwIfAborted();
    const port = options.jaegerPort ?? 16686;
    forward = await forwardJaeger(cluster, { namespace: DEMO_NAMESPACE, port, signal, print });
    print(`Jaeger UI:        ${forward.url}/`);
    print(`Jaeger query API: ${forward.url}/api/traces?service=client&limit=20`);
    if (await servesPlaceholderUI(forward.url))
      print(
        '  (this Jaeger, built from its Go module, serves a placeholder page instead of the UI)',
      );
    print('Press Ctrl-C to stop.');
    const clock = demoClock(signal, started, options.durationSeconds);
    if (options.overlay === 'solution') await watchTraces(forward.url, clock, print);
    else await watchExportErrors(cluster.kubectl, DEMO_NAMESPACE, clock, print);
  })();
  steps.catch(() => {}); // still running when Ctrl-C comes: its outcome no longer matters
  let failure: unknown;
  await Promise.race([steps, aborted(signal)]).catch((error: unknown) => {
    if (!signal.aborted) failure = error;
  });
  print('Stopping...');
  forward?.close();
  if (options.keep && (cluster || ours)) {
    const dir = options.clusterDir;
    print(`Left running, as --keep asks: namespace ${DEMO_NAMESPACE} in the cluster of ${dir}.`);
    if (ours) print(`Stop it with: TRACING_LAB_CLUSTER_DIR=${dir} tracing-lab cluster down`);
  } else if (ours) await removeCluster(options.clusterDir, print);
  else if (cluster) {
    const gone = await removeNamespace(cluster.cleanupKubectl, DEMO_NAMESPACE, hurry);
    print(
      gone
        ? `Namespace ${DEMO_NAMESPACE} removed; the cluster keeps running, as it was before the demo.`
        : `Namespace ${DEMO_NAMESPACE} is being removed; the cluster keeps running.`,
    );
  }
  if (failure) throw failure;
}

/** Applies the overlay, waits for its pods, and says how to look at them. */
async function showStack(
  cluster: DemoCluster,
  options: DemoOptions,
  started: number,
  print: (line: string) => void,
) {
  const { kubectl } = cluster;
  const deployments = await applyOverlay(kubectl, { ...options, namespace: DEMO_NAMESPACE, print });
  await waitForRollouts(kubectl, DEMO_NAMESPACE, deployments);
  print(`All pods Ready after ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  const pods = await kubectl(['-n', DEMO_NAMESPACE, 'get', 'pods', '-o', 'wide']);
  for (const line of pods.trim().split('\n')) print(`  ${line}`);
  print('');
  print(`KUBECONFIG=${cluster.kubeconfig}`);
  print('Try, in another terminal (kubectl of the cluster’s release):');
  print(`  export KUBECONFIG=${cluster.kubeconfig} PATH=${dirname(cluster.kubectlPath)}:$PATH`);
  print(`  kubectl -n ${DEMO_NAMESPACE} get pods`);
  print(`  kubectl -n ${DEMO_NAMESPACE} logs deploy/otel-collector`);
  print(`  kubectl -n ${DEMO_NAMESPACE} port-forward svc/jaeger :16686`);
  print('');
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
