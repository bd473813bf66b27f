import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { cacheDirFromEnv, ensureBinaries } from '../src/binaries/index.js';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const overlaysDir = `${repoRoot}kustomize/overlays`;

/** A first run builds both binaries (minutes); later runs and other test files reuse the cache. */
export const BUILD_TIMEOUT_MS = 20 * 60_000;

export function sharedBinaries() {
  return ensureBinaries({
    cacheDir: cacheDirFromEnv(process.env),
    onProgress: (line) => console.error(`[binaries] ${line}`),
  });
}

export function overlayNames(): string[] {
  try {
    return readdirSync(overlaysDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

// biome-ignore lint/suspicious/noExplicitAny: rendered manifests are checked field by field
type Manifest = Record<string, any>;

/** What a cluster would receive: `kubectl kustomize` of the overlay. */
export function renderOverlay(overlay: string): Manifest[] {
  const out = execFileSync('kubectl', ['kustomize', `${overlaysDir}/${overlay}`], {
    encoding: 'utf8',
  });
  return parseAllDocuments(out).map((doc) => doc.toJS() as Manifest);
}

export function containerImages(manifests: Manifest[]): string[] {
  return manifests
    .filter((m) => m.kind === 'Deployment')
    .flatMap((m) => m.spec.template.spec.containers.map((c: Manifest) => c.image as string));
}

/** The `config.yaml` of the ConfigMap mounted into the `otel-collector` Deployment. */
export function collectorConfig(manifests: Manifest[]): string {
  const deployment = manifests.find(
    (m) => m.kind === 'Deployment' && m.metadata.name === 'otel-collector',
  );
  const mounted = (deployment?.spec.template.spec.volumes ?? [])
    .map((volume: Manifest) => volume.configMap?.name)
    .filter(Boolean);
  const configMap = manifests.find(
    (m) => m.kind === 'ConfigMap' && mounted.includes(m.metadata.name) && m.data?.['config.yaml'],
  );
  if (!configMap) throw new Error('no ConfigMap with config.yaml mounted into otel-collector');
  return configMap.data['config.yaml'];
}

/** Temporary folders for one test file, removed after each test. */
export function tempDirs() {
  const made: string[] = [];
  return {
    async make(): Promise<string> {
      made.push(await mkdtemp(join(tmpdir(), 'tracing-lab-binaries-')));
      return made.at(-1) as string;
    },
    cleanup: () => Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true }))),
  };
}

/** Runs `fn` with another PATH, as if `go` were somewhere else or nowhere. */
export async function withPath<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const saved = process.env.PATH;
  process.env.PATH = path;
  try {
    return await fn();
  } finally {
    process.env.PATH = saved;
  }
}
