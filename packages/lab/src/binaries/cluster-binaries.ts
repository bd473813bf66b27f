import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { atomicBuild } from './atomic-build.js';
import { buildCoredns } from './build-coredns.js';
import { buildEtcd } from './build-etcd.js';
import { buildKubernetes, KUBERNETES_PROGRAMS } from './build-kubernetes.js';
import { buildPause } from './build-pause.js';
import { cacheKey } from './cache-key.js';
import { scratchImage } from './scratch-image.js';
import { BinariesError, type Versions } from './types.js';
import { buildsDir, loadVersions } from './versions.js';

const run = promisify(execFile);

/** Bump when a build's steps change, so caches built the old way are not trusted. */
const RECIPES = {
  etcd: 'wrapper module, go build -trimpath -s -w',
  kubernetes: 'module copy, published staging replaces, one go build -trimpath, version ldflags',
  coredns: 'builds/coredns/main.go, CGO_ENABLED=0, scratch image',
  pause: 'gcc -static builds/pause/pause.c, scratch image',
};

type KubernetesProgram = (typeof KUBERNETES_PROGRAMS)[number];

export interface ClusterBinaries {
  etcd: string;
  kubernetes: Record<KubernetesProgram, string>;
  coredns: { binary: string; image: string; ref: string };
  pause: { image: string; ref: string };
}

export interface EnsureClusterBinariesOptions {
  cacheDir: string;
  versions?: Versions;
  onProgress?: (line: string) => void;
}

/**
 * etcd, Kubernetes, CoreDNS and the pause image, built once into the cache (locked, atomic, with
 * progress, like the Collector) and rebuilt when a version or a recipe changes. Go builds run at
 * lower priority: the first one takes about half an hour of CPU.
 *
 * @example const { etcd, kubernetes } = await ensureClusterBinaries({ cacheDir, onProgress });
 */
export async function ensureClusterBinaries({
  cacheDir,
  versions,
  onProgress = () => {},
}: EnsureClusterBinariesOptions): Promise<ClusterBinaries> {
  const pinned = versions ?? (await loadVersions());
  const dirOf = (name: keyof typeof RECIPES, version: string, sources = '') =>
    join(cacheDir, cacheKey(name, version, `${version}\n${RECIPES[name]}\n${sources}`));
  const sources = buildsDir();
  const corednsMain = await readFile(join(sources, 'coredns', 'main.go'), 'utf8');
  const pauseC = await readFile(join(sources, 'pause', 'pause.c'), 'utf8');

  const etcdDir = dirOf('etcd', pinned.etcd);
  const etcd = join(etcdDir, 'etcd');
  await ensure(
    'etcd',
    etcdDir,
    () => reports(etcd, ['--version'], `etcd Version: ${pinned.etcd}`),
    {
      minutes: '3-6',
      build: (tmp) => buildEtcd(tmp, pinned, onProgress),
      onProgress,
    },
  );

  const kubeDir = dirOf('kubernetes', pinned.kubernetes);
  const kubernetes = Object.fromEntries(
    KUBERNETES_PROGRAMS.map((program) => [program, join(kubeDir, 'bin', program)]),
  ) as Record<KubernetesProgram, string>;
  const kubeReady = async () =>
    KUBERNETES_PROGRAMS.every((program) => existsSync(kubernetes[program])) &&
    reports(kubernetes['kube-apiserver'], ['--version'], `Kubernetes v${pinned.kubernetes}`);
  await ensure('kubernetes', kubeDir, kubeReady, {
    minutes: '15-40',
    build: (tmp) => buildKubernetes(tmp, pinned, onProgress),
    onProgress,
  });

  const corednsDir = dirOf('coredns', pinned.coredns, corednsMain);
  const corednsRef = `tracing-lab.local/coredns:${pinned.coredns}`;
  const coredns = join(corednsDir, 'coredns');
  const corednsReady = async () =>
    existsSync(join(corednsDir, 'image.tar')) &&
    reports(coredns, ['-version'], `CoreDNS-${pinned.coredns}`);
  await ensure('coredns', corednsDir, corednsReady, {
    minutes: '3-6',
    build: async (tmp) => {
      await buildCoredns(tmp, pinned, join(sources, 'coredns'), onProgress);
      await scratchImage({ dir: tmp, ref: corednsRef, program: join(tmp, 'coredns') });
    },
    onProgress,
  });

  const pauseDir = dirOf('pause', pinned.pause, pauseC);
  const pauseRef = `tracing-lab.local/pause:${pinned.pause}`;
  const pauseImage = join(pauseDir, 'image.tar');
  await ensure('pause', pauseDir, async () => existsSync(pauseImage), {
    minutes: 'under 1',
    build: (tmp) => buildPause(tmp, pinned, join(sources, 'pause'), pauseRef, onProgress),
    onProgress,
  });

  return {
    etcd,
    kubernetes,
    coredns: { binary: coredns, image: join(corednsDir, 'image.tar'), ref: corednsRef },
    pause: { image: pauseImage, ref: pauseRef },
  };
}

/** True when `binary args` runs and prints `expected`: a cached build is trusted only then. */
async function reports(binary: string, args: string[], expected: string): Promise<boolean> {
  if (!existsSync(binary)) return false;
  const output = await run(binary, args, { timeout: 30_000 }).catch(() => undefined);
  return output !== undefined && `${output.stdout}${output.stderr}`.includes(expected);
}

async function ensure(
  label: string,
  dir: string,
  ready: () => Promise<boolean>,
  step: {
    minutes: string;
    build: (tmpDir: string) => Promise<void>;
    onProgress: (line: string) => void;
  },
): Promise<void> {
  if (await ready()) return;
  const started = Date.now();
  step.onProgress(`building ${label} (first run only, ~${step.minutes} min)...`);
  await atomicBuild({ dir, ready, label, onProgress: step.onProgress, build: step.build });
  if (!(await ready()))
    throw new BinariesError('build', `built ${label} in ${dir}, but it does not run`);
  step.onProgress(`${label} ready after ${Math.round((Date.now() - started) / 1000)} s: ${dir}`);
}
