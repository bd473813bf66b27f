import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runBuildStep } from '../binaries/run-go.js';
import { cachedImage } from './cached-image.js';
import { hostArch, localImageId, podman, qualifiedRef } from './engine.js';
import type { Arch } from './types.js';

/** Bump when the steps below change, so stand-ins built the old way are rebuilt. */
const RECIPE =
  'debootstrap minbase, slimmed like debian:slim + node-linux-<arch> bin/node + npm@11, v2';
const NPM_ARCH: Record<Arch, string> = { amd64: 'x64', arm64: 'arm64' };

interface NodeBaseOptions {
  /** The Dockerfile's base, `node:24.21.0-bookworm-slim`. */
  official: string;
  arch: Arch;
  cacheDir: string;
  containersConf: string;
  onProgress: (line: string) => void;
}

/**
 * The image the Dockerfile builds on. The official Node image when it is in local storage (pulled
 * beforehand); otherwise a stand-in with the same layout, made without any registry: Debian from
 * the machine's apt mirror (debootstrap) plus Node from the npm registry, in /usr/local like the
 * official image.
 */
export async function ensureNodeBase(options: NodeBaseOptions): Promise<string> {
  const { official, arch, cacheDir, containersConf, onProgress } = options;
  const match = /^node:(\d+\.\d+\.\d+)-(\w+)-slim$/.exec(official);
  if (!match)
    throw new Error(`the Dockerfile's NODE_IMAGE ${official} is not node:<x.y.z>-<debian>-slim`);
  const [, version = '', suite = ''] = match;
  if (arch === hostArch()) {
    if (await localImageId(containersConf, qualifiedRef(official))) return qualifiedRef(official);
  }
  const ref = `localhost/tracing-lab/node-standin:${version}-${suite}-slim-${arch}`;
  const key = createHash('sha256').update(`${official}\n${arch}\n${RECIPE}`).digest('hex');
  await cachedImage({
    cacheDir,
    containersConf,
    name: `node-base-${arch}`,
    ref,
    key,
    onProgress,
    build: async () => {
      onProgress(
        `no ${official} in local storage: building a stand-in from Debian ${suite} (debootstrap ` +
          `--variant=minbase, ${arch}) and Node ${version} from npm (first run only, ~3-4 min)...`,
      );
      const tmp = await mkdtemp(join(cacheDir, 'images', '.node-base-'));
      try {
        await buildRootfs(tmp, { version, suite, arch, onProgress });
        onProgress(`importing the stand-in as ${ref}`);
        await podman(containersConf, [
          'import',
          '--arch',
          arch,
          '--change',
          'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
          '--change',
          `ENV NODE_VERSION=${version}`,
          '--change',
          'CMD ["node"]',
          join(tmp, 'rootfs.tar'),
          ref,
        ]);
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    },
  });
  return ref;
}

async function buildRootfs(
  tmp: string,
  {
    version,
    suite,
    arch,
    onProgress,
  }: { version: string; suite: string; arch: Arch; onProgress: (line: string) => void },
): Promise<void> {
  const rootfs = join(tmp, 'rootfs');
  const step = { cwd: tmp, label: 'the Node base image', onProgress, startedAt: Date.now() };
  await runBuildStep(
    'debootstrap',
    ['--variant=minbase', `--arch=${arch}`, suite, rootfs, await debianMirror()],
    step,
  );
  onProgress(`adding Node ${version} (npm package node-linux-${NPM_ARCH[arch]}) and npm`);
  await runBuildStep('npm', ['pack', '--silent', `node-linux-${NPM_ARCH[arch]}@${version}`], step);
  await runBuildStep('tar', ['-xzf', `node-linux-${NPM_ARCH[arch]}-${version}.tgz`], step);
  await mkdir(join(rootfs, 'usr/local/bin'), { recursive: true });
  await copyFile(join(tmp, 'package/bin/node'), join(rootfs, 'usr/local/bin/node'));
  const npmArgs = ['install', '--global', '--no-audit', '--no-fund', '--loglevel=error'];
  await runBuildStep('npm', [...npmArgs, '--prefix', join(rootfs, 'usr/local'), 'npm@11'], step);
  // What Debian's slim images leave out too: documentation but the copyright files, manual pages,
  // translations, downloaded packages and apt's lists.
  const slim =
    'find usr/share/doc -type f ! -name copyright -delete; ' +
    'rm -rf usr/share/man/* usr/share/info/* usr/share/locale/* usr/share/groff/* usr/share/lintian/* ' +
    'var/cache/apt/archives/*.deb var/lib/apt/lists/*';
  await runBuildStep('sh', ['-c', slim], { ...step, cwd: rootfs });
  await runBuildStep('tar', ['--numeric-owner', '-C', rootfs, '-cf', 'rootfs.tar', '.'], step);
}

/** The machine's own Debian mirror (apt's sources), so the base comes from where apt gets packages. */
async function debianMirror(): Promise<string> {
  for (const file of ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list']) {
    if (!existsSync(file)) continue;
    const text = await readFile(file, 'utf8');
    const uri =
      /^URIs:\s*(\S+)/m.exec(text)?.[1] ?? /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)/m.exec(text)?.[1];
    if (uri && !uri.includes('security')) return uri;
  }
  return 'http://deb.debian.org/debian';
}
