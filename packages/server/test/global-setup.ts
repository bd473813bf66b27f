import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

/** Where the bin tests find the executable, built from the current sources. */
export const TEST_BIN = fileURLToPath(
  new URL('../node_modules/.cache/test-bin/bin.js', import.meta.url),
);

/**
 * The bin tests spawn the executable exactly as users run it (node + bundled JS). It is built
 * from src/ here, into node_modules/.cache, so the tests never run a stale dist/ and never
 * delete the dist/ that other packages' tests import. Bare imports stay external and resolve
 * from this package, like the published bin.
 */
export default async function buildTestBin(): Promise<void> {
  const telemetryDist = new URL('../../telemetry/dist/index.js', import.meta.url);
  if (!existsSync(telemetryDist)) {
    throw new Error('packages/telemetry/dist is missing: run `pnpm build` first');
  }
  await build({
    config: false,
    entry: { bin: fileURLToPath(new URL('../src/bin.ts', import.meta.url)) },
    outDir: fileURLToPath(new URL('../node_modules/.cache/test-bin', import.meta.url)),
    format: 'esm',
    target: 'node22',
    external: [/^[^./]/],
    silent: true,
  });
}
