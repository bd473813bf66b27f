import { join } from 'node:path';
import { runBuildStep } from '../binaries/run-go.js';
import type { Arch } from './types.js';

interface AppImageOptions {
  repoRoot: string;
  /** The Dockerfile stage: `server` or `client`. */
  target: 'server' | 'client';
  tag: string;
  /** The image for the Dockerfile's NODE_IMAGE argument. */
  base: string;
  arch: Arch;
  labels: { version: string; revision: string; created: string };
  containersConf: string;
  buildCaFile?: string;
  onProgress: (line: string) => void;
}

/**
 * One stage of the repository's Dockerfile, built with podman exactly as users build it with
 * buildx. The CA bundle is a build secret: mounted for the RUN steps that reach the npm registry,
 * absent from every layer.
 */
export async function buildAppImage(options: AppImageOptions): Promise<void> {
  const { repoRoot, target, tag, base, arch, labels, containersConf, buildCaFile, onProgress } =
    options;
  onProgress(
    `building the ${target} image from the Dockerfile (~2 min cold, seconds when cached)...`,
  );
  const args = [
    'build',
    '--pull=never',
    `--platform=linux/${arch}`,
    '--file',
    join(repoRoot, 'Dockerfile'),
    '--target',
    target,
    '--build-arg',
    `NODE_IMAGE=${base}`,
    '--build-arg',
    `VERSION=${labels.version}`,
    '--build-arg',
    `REVISION=${labels.revision}`,
    '--build-arg',
    `CREATED=${labels.created}`,
    // The Dockerfile's LABEL step takes these from the build args, but podman's layer cache
    // reuses that step when only an ARG's value changed (a new commit, same files): labels given
    // here are set on the final image whatever the cache held.
    ...Object.entries(labels).flatMap(([key, value]) => [
      '--label',
      `org.opencontainers.image.${key}=${value}`,
    ]),
    ...(buildCaFile ? ['--secret', `id=ca-certificates,src=${buildCaFile}`] : []),
    '--tag',
    tag,
    repoRoot,
  ];
  await runBuildStep('podman', args, {
    cwd: repoRoot,
    label: `the ${target} image`,
    onProgress,
    startedAt: Date.now(),
    env: { CONTAINERS_CONF: containersConf },
    // "STEP 7/12: RUN pnpm fetch": says what the build is doing without its whole output.
    onLine: (line) => {
      if (/^(\[\d+\/\d+\] )?STEP \d+\/\d+: /.test(line))
        onProgress(`${target}: ${line.slice(0, 120)}`);
    },
  });
}
