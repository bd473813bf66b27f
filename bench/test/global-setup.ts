import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

/** Where the test finds the suite, built from the current sources. */
export const TEST_BIN = fileURLToPath(
  new URL('../node_modules/.cache/test-bench/bin.js', import.meta.url),
);

/**
 * The suite runs as users run it (node + bundled JS, with the programs it starts beside it), built
 * from src/ into node_modules/.cache so the test never runs a stale dist/. The server and client
 * it measures are the ones `pnpm build` made.
 */
export default async function buildBench(): Promise<void> {
  for (const program of ['server', 'client']) {
    if (!existsSync(new URL(`../../packages/${program}/dist/bin.js`, import.meta.url))) {
      throw new Error(`packages/${program}/dist is missing: run \`pnpm build\` first`);
    }
  }
  const src = (file: string) => fileURLToPath(new URL(`../src/${file}.ts`, import.meta.url));
  await build({
    config: false,
    entry: Object.fromEntries(
      ['bin', 'bare-server', 'auto-server', 'span-pump'].map((name) => [name, src(name)]),
    ),
    outDir: fileURLToPath(new URL('../node_modules/.cache/test-bench', import.meta.url)),
    format: 'esm',
    target: 'node22',
    external: [/^[^./]/],
    silent: true,
  });
}
