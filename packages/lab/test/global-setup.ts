// The demo test spawns dist/bin.js as a user would. Rebuild it only when it is older than its
// sources: an unconditional rebuild would empty dist/ under anything running it at the same time.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { runLab } from './helpers.js';

const labDir = fileURLToPath(new URL('..', import.meta.url));

function newestSource(): number {
  const sources = readdirSync(join(labDir, 'src'), { recursive: true, encoding: 'utf8' }).map((f) =>
    join('src', f),
  );
  const inputs = [...sources, 'package.json', 'tsup.config.ts', 'tsconfig.json'];
  return Math.max(
    ...inputs
      .map((f) => join(labDir, f))
      .filter(existsSync)
      .map((f) => statSync(f).mtimeMs),
  );
}

function isStale(): boolean {
  const outputs = ['dist/bin.js', 'dist/index.js', 'dist/index.d.ts'].map((f) => join(labDir, f));
  if (!outputs.every(existsSync)) return true;
  return Math.min(...outputs.map((f) => statSync(f).mtimeMs)) < newestSource();
}

function buildLabIfStale(): void {
  if (!isStale()) return;
  try {
    execFileSync('pnpm', ['run', 'build'], { cwd: labDir, stdio: 'pipe' });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`could not build packages/lab before testing it:\n${stdout}${stderr}`);
  }
}

/**
 * Builds the lab when stale and names the folder of the cluster the end-to-end files share
 * (test/kubernetes/shared-cluster.ts); whatever runs there at the end is stopped.
 */
export default function setup(project: TestProject) {
  buildLabIfStale();
  const sharedClusterDir = join(tmpdir(), `tracing-lab-test-cluster-${process.pid}`);
  project.provide('sharedClusterDir', sharedClusterDir);
  return async () => {
    if (!existsSync(sharedClusterDir)) return;
    const env = { ...process.env, TRACING_LAB_CLUSTER_DIR: sharedClusterDir };
    const down = await runLab(['cluster', 'down'], { env });
    if (down.code !== 0) console.error(`cluster down failed:\n${down.stderr}`);
  };
}
