import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { type Kubectl, kubectlFor } from '../../src/kube-cluster/kubectl.js';
import { runLab } from '../helpers.js';

declare module 'vitest' {
  interface ProvidedContext {
    /** Folder of the cluster the end-to-end files share (test/global-setup.ts). */
    sharedClusterDir: string;
  }
}

export interface TestCluster {
  kubeconfig: string;
  /** The kubectl built with the cluster (same release as the API server). */
  kubectlPath: string;
  kubectl: Kubectl;
}

/** The path of the kubectl `tracing-lab cluster build` built (or found in the cache). */
export async function builtKubectl(): Promise<string> {
  const build = await runLab(['cluster', 'build']);
  const path = /^kubectl=(.+)$/m.exec(build.stdout)?.[1];
  if (build.code !== 0 || !path) throw new Error(`tracing-lab cluster build failed:\n${build.stderr}`);
  return path;
}

/**
 * The real single-node cluster the end-to-end files share. The first file that needs it runs
 * `tracing-lab cluster up` as a user would; the next ones find it ready in the same folder; the
 * global teardown runs `cluster down`. Each file works in namespaces of its own.
 *
 * TRACING_LAB_TEST_KUBECONFIG points the files at a cluster already running instead (started with
 * `tracing-lab cluster up`, images loaded); the tests never stop that one.
 */
export async function sharedCluster(): Promise<TestCluster> {
  const kubectlPath = await builtKubectl();
  const given = process.env.TRACING_LAB_TEST_KUBECONFIG;
  if (given) return { kubeconfig: given, kubectlPath, kubectl: kubectlFor(kubectlPath, given) };
  const dir = inject('sharedClusterDir');
  const kubeconfig = join(dir, 'kubeconfig');
  const kubectl = kubectlFor(kubectlPath, kubeconfig);
  const ready = async () =>
    existsSync(kubeconfig) &&
    (await kubectl(['get', '--raw', '/readyz']).then(
      (text) => text.startsWith('ok'),
      () => false,
    ));
  if (!(await ready())) {
    await runLab(['cluster', 'down'], { env: { ...process.env, TRACING_LAB_CLUSTER_DIR: dir } });
    const up = await runLab(['cluster', 'up'], {
      env: { ...process.env, TRACING_LAB_CLUSTER_DIR: dir },
    });
    if (up.code !== 0) throw new Error(`tracing-lab cluster up failed:\n${up.stderr}`);
  }
  return { kubeconfig, kubectlPath, kubectl };
}

/**
 * Stops the shared cluster if it runs, for the tests that start clusters of their own: one
 * machine holds one cluster at a time (its bridge and kube-proxy's chains are the host's).
 */
export async function stopSharedCluster(): Promise<void> {
  const dir = inject('sharedClusterDir');
  if (!existsSync(dir)) return;
  const down = await runLab(['cluster', 'down'], {
    env: { ...process.env, TRACING_LAB_CLUSTER_DIR: dir },
  });
  if (down.code !== 0) throw new Error(`tracing-lab cluster down failed:\n${down.stderr}`);
}

/**
 * A fresh namespace enforcing PodSecurity "restricted", as the workshop's namespaces are;
 * `remove` deletes it without waiting for its pods to go.
 */
export async function restrictedNamespace(kubectl: Kubectl, prefix: string) {
  const name = `${prefix}-${process.pid}-${Date.now().toString(36)}`;
  await kubectl(['create', 'namespace', name]);
  await kubectl(['label', 'namespace', name, 'pod-security.kubernetes.io/enforce=restricted']);
  return {
    name,
    remove: () => kubectl(['delete', 'namespace', name, '--wait=false']).then(() => undefined),
  };
}
