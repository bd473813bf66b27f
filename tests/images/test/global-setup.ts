import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { cacheDirFromEnv, ensureImages, type ImageRefs } from '../../../packages/lab/src/index.js';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const containersConf = `${repoRoot}scripts/containers.conf`;

declare module 'vitest' {
  export interface ProvidedContext {
    imageRefs: ImageRefs;
  }
}

/**
 * Builds the four images once for the whole run (a cache hit when `./scripts/test` already ran
 * `tracing-lab images`), with the same options as the command.
 */
export default async function setup(project: TestProject): Promise<void> {
  const refs = await ensureImages({
    repoRoot,
    cacheDir: cacheDirFromEnv(process.env),
    containersConf,
    buildCaFile: process.env.NODE_EXTRA_CA_CERTS || undefined,
    onProgress: (line) => console.error(`images: ${line}`),
  });
  project.provide('imageRefs', refs);
}
