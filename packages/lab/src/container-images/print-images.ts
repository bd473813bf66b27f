import { hostArch } from './engine.js';
import { ensureAppImages, ensureImages } from './ensure-images.js';
import type { EnsureImagesOptions } from './types.js';

/**
 * The `tracing-lab images` command: builds what changed, progress on `onProgress`, then one
 * `component=<ref>` line per image, the reference the manifests use. For another architecture
 * (`arch`), the server and client only.
 *
 * @example await printImages({ repoRoot, cacheDir, containersConf }); // server=ghcr.io/...
 */
export async function printImages({
  print = console.log,
  onProgress = console.error,
  ...options
}: EnsureImagesOptions & { print?: (line: string) => void }): Promise<Record<string, string>> {
  const { arch = hostArch() } = options;
  const refs =
    arch === hostArch()
      ? await ensureImages({ ...options, onProgress })
      : await ensureAppImages({ ...options, arch, onProgress });
  for (const [component, ref] of Object.entries(refs)) print(`${component}=${ref}`);
  return refs;
}
