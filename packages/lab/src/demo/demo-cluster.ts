import { existsSync } from 'node:fs';
import { ensureClusterBinaries } from '../binaries/cluster-binaries.js';
import { clusterDown } from '../kube-cluster/down.js';
import { type Kubectl, kubectlFor } from '../kube-cluster/kubectl.js';
import { clusterLayout } from '../kube-cluster/layout.js';
import { ClusterError, preflight } from '../kube-cluster/preflight.js';
import { clusterUp } from '../kube-cluster/up.js';
import type { ImageSource } from '../node/import-images.js';

export interface DemoClusterOptions {
  /** The cluster's folder, as `tracing-lab cluster` uses it. */
  dir: string;
  cacheDir: string;
  /** The project's images, loaded into the node when the demo starts the cluster. */
  projectImages: (onProgress: (line: string) => void) => Promise<ImageSource[]>;
  signal: AbortSignal;
  print: (line: string) => void;
}

export interface DemoCluster {
  dir: string;
  kubeconfig: string;
  /** The kubectl built with the cluster (same release as the API server). */
  kubectlPath: string;
  /** Stopped by Ctrl-C: for the demo's steps. */
  kubectl: Kubectl;
  /** Not stopped by Ctrl-C: for the clean-up after it. */
  cleanupKubectl: Kubectl;
  /** It ran before the demo, which leaves it running. */
  reused: boolean;
}

/**
 * The cluster in `dir`: the one already running there (its API answers), else a new one started
 * as `tracing-lab cluster up` starts it. `owned(true)` is called as that start begins, so that
 * an interruption at any point can remove what was started; `owned(false)` when the checks
 * before it refuse (nothing was made, and the folder may hold someone else's cluster).
 */
export async function demoCluster(
  { dir, cacheDir, projectImages, signal, print }: DemoClusterOptions,
  owned: (ours: boolean) => void,
): Promise<DemoCluster> {
  const progress = (line: string) => print(`  ${line}`);
  const { kubernetes } = await ensureClusterBinaries({ cacheDir, onProgress: progress });
  const { kubeconfig } = clusterLayout(dir);
  const kubectl = kubectlFor(kubernetes.kubectl, kubeconfig, { signal });
  const cleanupKubectl = kubectlFor(kubernetes.kubectl, kubeconfig);
  const cluster = { dir, kubeconfig, kubectlPath: kubernetes.kubectl, kubectl, cleanupKubectl };
  const ready =
    existsSync(kubeconfig) &&
    (await kubectl(['get', '--raw', '/readyz']).then(
      (text) => text.startsWith('ok'),
      () => false,
    ));
  if (ready) {
    print(`Using the cluster already running in ${dir} (the demo removes only its namespace).`);
    return { ...cluster, reused: true };
  }
  // Before building images: a machine whose one cluster slot is taken is said in one line.
  await preflight(clusterLayout(dir));
  print(`Starting a single-node Kubernetes in ${dir} (tracing-lab cluster up)...`);
  const images = await projectImages(progress);
  signal.throwIfAborted();
  owned(true);
  try {
    const up = await clusterUp({ dir, cacheDir, images, onProgress: progress, signal });
    print(
      `Cluster up in ${up.seconds} s: node Ready, CoreDNS running, the project's images loaded.`,
    );
  } catch (error) {
    // A ClusterError comes from the checks before anything is made: nothing of ours to remove.
    if (error instanceof ClusterError) owned(false);
    throw error;
  }
  return { ...cluster, reused: false };
}

/** Removes a cluster the demo started, saying so. */
export async function removeCluster(dir: string, print: (line: string) => void) {
  await clusterDown({ dir });
  print(`Cluster removed: every process, mount, interface, iptables chain and file of ${dir}.`);
}
