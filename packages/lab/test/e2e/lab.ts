import { cacheDirFromEnv, ensureBinaries } from '../../src/binaries/index.js';
import type { Programs } from '../../src/images.js';
import { repoRoot } from '../helpers.js';

/** The first run may build the Collector and Jaeger (minutes); later runs reuse the cache. */
export const BUILD_TIMEOUT_MS = 20 * 60_000;

/** The Collector and Jaeger binaries, built once into the cache, for `tracing-lab demo`. */
export async function labPrograms(): Promise<Programs> {
  const { otelcol, jaeger } = await ensureBinaries({
    cacheDir: cacheDirFromEnv(process.env),
    onProgress: (line) => console.error(`[binaries] ${line}`),
  });
  return { otelcol, jaeger, node: process.execPath, repoRoot };
}
