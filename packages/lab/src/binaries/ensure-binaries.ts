import { existsSync } from 'node:fs';
import { atomicBuild } from './atomic-build.js';
import { binaryVersion, jaegerServesUI } from './binary-version.js';
import { buildJaeger } from './build-jaeger.js';
import { buildOtelcol } from './build-otelcol.js';
import { cacheLayout } from './cache-key.js';
import { type Binaries, BinariesError, type EnsureBinariesOptions } from './types.js';
import { checkUserBinary } from './user-binary.js';
import { loadVersions, readBuilderManifest } from './versions.js';

type Kind = 'otelcol' | 'jaeger';

/**
 * The Collector and Jaeger to run: the ones the user supplied, else our builds from the cache,
 * built on first use (a few minutes each, with progress) and rebuilt when a version or the
 * builder manifest changes.
 *
 * @example
 * const { otelcol, jaeger, jaegerHasUI } = await ensureBinaries({
 *   cacheDir: cacheDirFromEnv(process.env),
 *   onProgress: (line) => console.error(line),
 * });
 */
export async function ensureBinaries({
  cacheDir,
  versions,
  builderManifest,
  onProgress = () => {},
  otelcolPath,
  jaegerPath,
  jaegerCulprit,
}: EnsureBinariesOptions): Promise<Binaries> {
  const pinned = versions ?? (await loadVersions());
  const manifest = builderManifest ?? (await readBuilderManifest());
  const layout = cacheLayout(cacheDir, pinned, manifest);
  const { release, goModule } = pinned.jaeger;

  // Binaries the user named are checked first: a typo is reported before minutes of building.
  if (otelcolPath) await checkUserBinary('otelcol', otelcolPath, pinned.collector, onProgress);
  if (jaegerPath) await checkUserBinary('jaeger', jaegerPath, release, onProgress, jaegerCulprit);

  const otelcol = otelcolPath ?? layout.otelcol;
  if (!otelcolPath && !(await builtAndPinned('otelcol', otelcol, pinned.collector))) {
    onProgress(
      `building OpenTelemetry Collector ${pinned.collector} with the builder (first run only, ~2-4 min)...`,
    );
    await build('otelcol', otelcol, pinned.collector, onProgress, {
      dir: layout.otelcolDir,
      label: 'collector',
      build: (tmp) => buildOtelcol(tmp, pinned, manifest, onProgress),
    });
  }

  const jaeger = jaegerPath ?? layout.jaeger;
  if (!jaegerPath && !(await builtAndPinned('jaeger', jaeger, release))) {
    onProgress(
      `building Jaeger ${release} from Go module ${goModule} (first run only, ~4-5 min)...`,
    );
    await build('jaeger', jaeger, release, onProgress, {
      dir: layout.jaegerDir,
      label: 'jaeger',
      build: (tmp) => buildJaeger(tmp, pinned, onProgress),
    });
  }

  return { otelcol, jaeger, jaegerHasUI: await jaegerServesUI(jaeger) };
}

/** A cached build is trusted only if it runs and reports the pinned version. */
async function builtAndPinned(kind: Kind, path: string, pinned: string): Promise<boolean> {
  if (!existsSync(path)) return false;
  return (await binaryVersion(kind, path).catch(() => undefined)) === pinned;
}

async function build(
  kind: Kind,
  path: string,
  pinned: string,
  onProgress: (line: string) => void,
  step: { dir: string; label: string; build: (tmpDir: string) => Promise<void> },
): Promise<void> {
  const started = Date.now();
  const ready = () => builtAndPinned(kind, path, pinned);
  await atomicBuild({ ...step, ready, onProgress });
  if (!(await ready())) {
    const reported = await binaryVersion(kind, path).catch((error: Error) => error.message);
    throw new BinariesError('build', `built ${path} but it reports ${reported}, not ${pinned}`);
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  onProgress(`${step.label} ready after ${seconds} s: ${path}`);
}
