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

/**
 * The files a Deployment hands its program (`--config=...`, in order: the Collector merges later
 * ones over earlier ones), each read from the ConfigMap mounted at its folder.
 */
export function configFiles(
  manifests: Manifest[],
  deploymentName: string,
): { path: string; text: string }[] {
  const deployment = manifests.find(
    (m) => m.kind === 'Deployment' && m.metadata.name === deploymentName,
  );
  const pod = deployment?.spec.template.spec;
  const container = pod?.containers[0];
  const paths: string[] = (container?.args ?? [])
    .map((arg: string) => /^--config=(.+)$/.exec(arg)?.[1])
    .filter(Boolean);
  if (paths.length === 0) throw new Error(`${deploymentName}: no --config argument`);
  return paths.map((path) => {
    const mount = container.volumeMounts.find((m: Manifest) => path.startsWith(`${m.mountPath}/`));
    const volume = pod.volumes.find((v: Manifest) => v.name === mount?.name);
    const configMap = manifests.find(
      (m) => m.kind === 'ConfigMap' && m.metadata.name === volume?.configMap?.name,
    );
    const text = configMap?.data?.[path.slice(`${mount?.mountPath}/`.length)];
    if (text === undefined) throw new Error(`${deploymentName}: no ConfigMap file behind ${path}`);
    return { path, text };
  });
}

export const collectorConfigFiles = (manifests: Manifest[]) =>
  configFiles(manifests, 'otel-collector');

/** The lab's own Collector config: the first file the Collector is given. */
export const collectorConfig = (manifests: Manifest[]): string =>
  collectorConfigFiles(manifests)[0]?.text ?? '';

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
