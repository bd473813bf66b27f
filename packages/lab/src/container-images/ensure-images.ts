import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureBinaries } from '../binaries/ensure-binaries.js';
import { loadVersions } from '../binaries/versions.js';
import { buildAppImage } from './app-image.js';
import { cachedImage } from './cached-image.js';
import { hostArch, localImageId, qualifiedRef } from './engine.js';
import { manifestRefs } from './manifest-refs.js';
import { ensureNodeBase } from './node-base.js';
import { buildScratchImage, type ScratchImageSpec, scratchContainerfile } from './scratch-image.js';
import { collectorSpec, jaegerSpec } from './scratch-specs.js';
import { sourceState } from './source-state.js';
import type { EnsureImagesOptions, ImageRefs } from './types.js';

/**
 * The four images the manifests run, built locally and tagged with the manifests' names, so a
 * local cluster (kind, k3d) uses them without a registry. Each is rebuilt only when what shapes it
 * changed: the sources and the commit for ours, the binary for the Collector and Jaeger (static
 * builds of this machine's architecture, hence FROM scratch and no `arch` option here).
 *
 * @example
 * const refs = await ensureImages({ repoRoot, cacheDir, containersConf, onProgress: console.error });
 * refs.server // 'ghcr.io/tracing-lab/tracing-lab-server:0.1.0'
 */
export async function ensureImages(options: Omit<EnsureImagesOptions, 'arch'>): Promise<ImageRefs> {
  const { cacheDir, containersConf, onProgress = () => {} } = options;
  const manifest = await manifestRefs(options.repoRoot);
  const ours = await ensureAppImages({ ...options, manifest });
  const versions = await loadVersions();
  const binaries = await ensureBinaries({ cacheDir, versions, onProgress });
  const scratch: [ScratchComponent, string, ScratchImageSpec][] = [
    ['otel-collector', binaries.otelcol, collectorSpec(versions.collector)],
    ['jaeger', binaries.jaeger, jaegerSpec(versions.jaeger.release)],
  ];
  for (const [component, binary, spec] of scratch) {
    const tag = qualifiedRef(manifest[component]);
    const arch = hostArch();
    await cachedImage({
      cacheDir,
      containersConf,
      onProgress,
      name: `${component}-${arch}`,
      ref: tag,
      key: hashOf(await fileHash(binary), scratchContainerfile(binary, spec)),
      build: () => {
        onProgress(`building the ${component} image FROM scratch around ${binary} (seconds)...`);
        const workDir = join(cacheDir, 'images');
        return buildScratchImage({ binary, spec, tag, arch, workDir, containersConf, onProgress });
      },
    });
  }
  return { ...ours, 'otel-collector': manifest['otel-collector'], jaeger: manifest.jaeger };
}

type ScratchComponent = 'otel-collector' | 'jaeger';

/**
 * The server and client images from the repository's Dockerfile, for this machine's architecture
 * or another one (emulated: qemu-user-static). Another architecture's tags get `-<arch>` appended
 * so they never replace the images a local cluster runs.
 *
 * @example await ensureAppImages({ repoRoot, cacheDir, containersConf, arch: 'arm64' })
 */
export async function ensureAppImages(
  options: EnsureImagesOptions & { manifest?: ImageRefs },
): Promise<Pick<ImageRefs, 'server' | 'client'>> {
  const { repoRoot, cacheDir, containersConf, buildCaFile, onProgress = () => {} } = options;
  const arch = options.arch ?? hostArch();
  const manifest = options.manifest ?? (await manifestRefs(repoRoot));
  const common = { cacheDir, containersConf, onProgress };
  const dockerfile = await readFile(join(repoRoot, 'Dockerfile'), 'utf8');
  const official = /^ARG NODE_IMAGE=(\S+)/m.exec(dockerfile)?.[1];
  if (!official) throw new Error(`${join(repoRoot, 'Dockerfile')} has no ARG NODE_IMAGE default`);
  const base = await ensureNodeBase({ ...common, official, arch });
  const baseId = await localImageId(containersConf, base);
  const source = await sourceState(repoRoot);
  const refs = { server: '', client: '' };
  for (const target of ['server', 'client'] as const) {
    const { version } = JSON.parse(
      await readFile(join(repoRoot, 'packages', target, 'package.json'), 'utf8'),
    ) as { version: string };
    refs[target] = arch === hostArch() ? manifest[target] : `${manifest[target]}-${arch}`;
    const tag = qualifiedRef(refs[target]);
    await cachedImage({
      ...common,
      name: `${target}-${arch}`,
      ref: tag,
      key: hashOf(source.contentHash, source.revision, baseId ?? base, version, buildCaFile ?? ''),
      build: () =>
        buildAppImage({
          ...common,
          repoRoot,
          target,
          tag,
          base,
          arch,
          labels: { version, revision: source.revision, created: source.created },
          buildCaFile,
        }),
    });
  }
  return refs;
}

function hashOf(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex');
}

async function fileHash(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
