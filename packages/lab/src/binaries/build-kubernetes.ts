import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runBuildStep } from './run-go.js';
import type { Versions } from './types.js';

const run = promisify(execFile);

/** The Kubernetes programs the cluster runs, plus the client that matches them. */
export const KUBERNETES_PROGRAMS = [
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kubelet',
  'kube-proxy',
  'kubectl',
] as const;

/**
 * `k8s.io/kubernetes` points its 31 `k8s.io/*` libraries at `./staging/src/...`, which the
 * published module leaves out of reach of a normal build. Each points instead at its published
 * release (v0.34.4 for Kubernetes v1.34.4).
 */
export function publishedStagingReplaces(goMod: string, kubernetesVersion: string): string {
  const staging = `v0${kubernetesVersion.slice(kubernetesVersion.indexOf('.'))}`;
  return goMod.replace(
    /^(\s*)(k8s\.io\/[\w-]+) => \.\/staging\/src\/k8s\.io\/[\w-]+$/gm,
    `$1$2 => $2 ${staging}`,
  );
}

/**
 * Kubernetes from its Go module: a writable copy of `k8s.io/kubernetes` without its workspace
 * and vendor folder, staging libraries taken from the proxy, every program in one `go build` so
 * the packages they share compile once. Versions are stamped the way Kubernetes' own build does.
 */
export async function buildKubernetes(
  tmpDir: string,
  versions: Versions,
  onProgress: (line: string) => void,
): Promise<void> {
  const version = versions.kubernetes;
  const step = { cwd: tmpDir, label: 'kubernetes', onProgress, versions, startedAt: Date.now() };
  const { stdout } = await run(
    'go',
    ['mod', 'download', '-json', `k8s.io/kubernetes@v${version}`],
    {
      cwd: tmpDir,
      maxBuffer: 1 << 20,
    },
  );
  const moduleDir = (JSON.parse(stdout) as { Dir: string }).Dir;
  const src = join(tmpDir, 'src');
  await runBuildStep('cp', ['-r', moduleDir, src], step);
  await runBuildStep('chmod', ['-R', 'u+w', src], step);
  for (const name of ['go.work', 'go.work.sum', 'vendor'])
    await rm(join(src, name), { recursive: true, force: true });
  const goMod = join(src, 'go.mod');
  await writeFile(goMod, publishedStagingReplaces(await readFile(goMod, 'utf8'), version));

  const stamp = 'k8s.io/component-base/version';
  const [major, minor] = version.split('.');
  const ldflags = `-s -w -X ${stamp}.gitVersion=v${version} -X ${stamp}.gitMajor=${major} -X ${stamp}.gitMinor=${minor}`;
  const programs = KUBERNETES_PROGRAMS.map((program) => `./cmd/${program}`);
  await runBuildStep(
    'go',
    ['build', '-trimpath', '-ldflags', ldflags, '-o', `${join(tmpDir, 'bin')}/`, ...programs],
    { ...step, cwd: src, env: { GOWORK: 'off', GOFLAGS: '-mod=mod' }, nice: true },
  );
  await rm(src, { recursive: true });
}
