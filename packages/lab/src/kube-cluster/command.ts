import { ensureClusterBinaries } from '../binaries/cluster-binaries.js';
import type { ImageSource } from '../node/import-images.js';
import { clusterDown } from './down.js';
import { ClusterError } from './preflight.js';
import { clusterUp } from './up.js';

export interface ClusterCommandOptions {
  action: string | undefined;
  dir: string;
  cacheDir: string;
  /** The project's images for `up` to load into the node (built first when missing or stale). */
  projectImages?: (onProgress: (line: string) => void) => Promise<ImageSource[]>;
  /** Result lines (the KUBECONFIG line); progress goes to `onProgress`. */
  print?: (line: string) => void;
  onProgress?: (line: string) => void;
}

/**
 * `tracing-lab cluster build|up|down`. `build` only builds (or finds) the cluster's programs and
 * prints where they are, so a first build shows its progress before anything starts. `up` ends with `KUBECONFIG=<path>`, so
 * `export $(tracing-lab cluster up | tail -1)` points kubectl at the cluster.
 */
export async function runClusterCommand({
  action,
  dir,
  cacheDir,
  projectImages = async () => [],
  print = console.log,
  onProgress = console.error,
}: ClusterCommandOptions): Promise<void> {
  if (action === 'up') {
    const images = await projectImages(onProgress);
    const up = clusterUp({ dir, cacheDir, images, onProgress });
    const { kubeconfig, kubectl, seconds } = await up.catch((error: unknown) => {
      if (!(error instanceof ClusterError))
        onProgress(`logs: ${dir}/logs; \`tracing-lab cluster down\` removes what was started`);
      throw error;
    });
    onProgress(
      `cluster up in ${seconds} s: node Ready, CoreDNS running; matching kubectl: ${kubectl}`,
    );
    print(`KUBECONFIG=${kubeconfig}`);
  } else if (action === 'build') {
    const { etcd, kubernetes, coredns, pause } = await ensureClusterBinaries({
      cacheDir,
      onProgress,
    });
    print(`etcd=${etcd}`);
    print(`kube-apiserver=${kubernetes['kube-apiserver']}`);
    print(`kubectl=${kubernetes.kubectl}`);
    print(`coredns=${coredns.binary}`);
    print(`pause=${pause.image}`);
  } else if (action === 'down') {
    await clusterDown({ dir, onProgress });
    onProgress(`cluster down: ${dir} and everything it made removed`);
  } else
    throw new ClusterError(
      `cluster ${action ?? ''}: use \`cluster build\`, \`cluster up\` or \`cluster down\``,
    );
}
