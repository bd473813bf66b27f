import { join } from 'node:path';
import type { Kubectl } from '../kube-cluster/kubectl.js';

/** The demo's own namespace: a cluster's other namespaces are never touched. */
export const DEMO_NAMESPACE = 'tracing-lab-demo';

const exists = (kubectl: Kubectl, namespace: string) =>
  kubectl(['get', 'namespace', namespace, '-o', 'name']).then(
    () => true,
    () => false,
  );

/**
 * A fresh namespace enforcing PodSecurity "restricted", as the workshop's are, with the overlay
 * applied as an attendee applies it: `kubectl apply -k kustomize/overlays/<overlay> -n <ns>`.
 * One left by an earlier demo (`--keep`, a crash) is removed first, so the traces counted are
 * this run's.
 */
export async function applyOverlay(
  kubectl: Kubectl,
  { repoRoot, overlay, namespace, print }: ApplyOptions,
): Promise<string[]> {
  if (await exists(kubectl, namespace)) {
    print(`Removing the namespace ${namespace} an earlier demo left...`);
    await kubectl(['delete', 'namespace', namespace, '--timeout=120s']);
  }
  await kubectl(['create', 'namespace', namespace]);
  await kubectl(['label', 'namespace', namespace, 'pod-security.kubernetes.io/enforce=restricted']);
  print(`kubectl apply -k kustomize/overlays/${overlay} -n ${namespace}`);
  const applied = await kubectl([
    'apply',
    '-k',
    join(repoRoot, 'kustomize', 'overlays', overlay),
    '-n',
    namespace,
  ]);
  for (const line of applied.trim().split('\n')) print(`  ${line}`);
  const names = await kubectl(['-n', namespace, 'get', 'deployments', '-o', 'name']);
  return names.trim().split('\n').filter(Boolean);
}

interface ApplyOptions {
  repoRoot: string;
  overlay: string;
  namespace: string;
  print: (line: string) => void;
}

/** `kubectl rollout status` of each Deployment: every pod Ready. */
export async function waitForRollouts(kubectl: Kubectl, namespace: string, deployments: string[]) {
  await Promise.all(
    deployments.map((deployment) =>
      kubectl(['-n', namespace, 'rollout', 'status', deployment, '--timeout=180s']),
    ),
  );
}

/**
 * Deletes the namespace and, unless `hurry` aborts first, waits until it is gone (its pods
 * stopped): a cluster the demo did not start is left as it was found.
 */
export async function removeNamespace(kubectl: Kubectl, namespace: string, hurry: AbortSignal) {
  await kubectl(['delete', 'namespace', namespace, '--wait=false', '--ignore-not-found']);
  for (let waited = 0; waited < 120 && !hurry.aborted; waited++) {
    if (!(await exists(kubectl, namespace))) return true;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return false;
}
