import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Versions } from './types.js';

/** Bump when the Jaeger build steps change, so caches built the old way are not trusted. */
const JAEGER_RECIPE =
  'go get -tool, CGO_ENABLED=0 go build -ldflags -X internal/version.latestVersion';

/**
 * Name of a cache folder: the version for humans, a hash of everything that shapes the binary so
 * that changing any of it (a component added to the manifest, say) builds a fresh one.
 *
 * @example cacheKey('otelcol', '0.161.0', manifestText) // 'otelcol-0.161.0-3f2a9c01b7de'
 */
export function cacheKey(name: string, version: string, recipe: string): string {
  const hash = createHash('sha256').update(recipe).digest('hex').slice(0, 12);
  return `${name}-${version}-${hash}`;
}

/** Where each binary lives in the cache for these versions and this manifest. */
export function cacheLayout(cacheDir: string, versions: Versions, builderManifest: string) {
  const { dist } = parse(builderManifest) as { dist: { name: string; output_path: string } };
  const otelcolDir = join(cacheDir, cacheKey('otelcol', versions.collector, builderManifest));
  const jaegerRecipe = `${versions.jaeger.goModule}\n${JAEGER_RECIPE}`;
  const jaegerDir = join(cacheDir, cacheKey('jaeger', versions.jaeger.release, jaegerRecipe));
  return {
    otelcolDir,
    otelcol: join(otelcolDir, dist.output_path, dist.name),
    jaegerDir,
    jaeger: join(jaegerDir, 'jaeger'),
  };
}
