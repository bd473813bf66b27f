// Packs what is in dist/, so dist/ must match the sources. Rebuild a package only when it is older
// than its sources: an unconditional rebuild would wipe dist/ under test projects running alongside.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PUBLISHED = ['telemetry', 'server', 'client'] as const;
export const packagesDir = fileURLToPath(new URL('../../../packages', import.meta.url));

function newestSource(dir: string): number {
  const sources = readdirSync(join(dir, 'src'), { recursive: true, encoding: 'utf8' }).map((f) =>
    join('src', f),
  );
  const inputs = [
    ...sources,
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
  for (const name of PUBLISHED) {
    const dir = join(packagesDir, name);
    if (!isStale(dir)) continue;
    try {
      execFileSync('pnpm', ['run', 'build'], { cwd: dir, stdio: 'pipe' });
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: Buffer; stderr?: Buffer };
      const output = `${stdout}${stderr}`;
      throw new Error(`could not build packages/${name} before packing it:\n${output}`);
    }
  }
}
