// The bin tests spawn dist/bin.js and the in-process tests import the telemetry and server packages
// through their exports (dist/). Rebuild whichever is older than its sources, and only those: an
// unconditional rebuild would wipe dist/ under other test projects running at the same time.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packagesDir = fileURLToPath(new URL('../..', import.meta.url));

function newestSource(dir: string): number {
  const files = readdirSync(join(dir, 'src'), { recursive: true, encoding: 'utf8' }).map((f) =>
    join('src', f),
  );
  const inputs = [
    ...files,
    'package.json',
    'tsup.config.ts',
    'tsconfig.json',
    'tsconfig.build.json',
  ];
  return Math.max(
    ...inputs
      .map((f) => join(dir, f))
      .filter(existsSync)
      .map((f) => statSync(f).mtimeMs),
  );
}

function isStale(dir: string): boolean {
  const outputs = ['dist/index.js', 'dist/index.d.ts'].map((f) => join(dir, f));
  if (!outputs.every(existsSync)) return true;
  return Math.min(...outputs.map((f) => statSync(f).mtimeMs)) < newestSource(dir);
}

export default function buildStalePackages(): void {
  for (const name of ['telemetry', 'server', 'client']) {
    const dir = join(packagesDir, name);
    if (!isStale(dir)) continue;
    try {
      execFileSync('pnpm', ['run', 'build'], { cwd: dir, stdio: 'pipe' });
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: Buffer; stderr?: Buffer };
      const output = `${stdout}${stderr}`;
      throw new Error(`could not build packages/${name} before testing it:\n${output}`);
    }
  }
}
