import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './render';

const source = join(repoRoot, 'tools/kube-check');

/** The cache key covers everything `go build` reads from the repository. */
function sourceHash(): string {
  const hash = createHash('sha256');
  const files = readdirSync(source).filter((f) => /^go\.(mod|sum)$|\.go$/.test(f));
  for (const file of files.sort()) hash.update(file).update(readFileSync(join(source, file)));
  return hash.digest('hex').slice(0, 16);
}

function cacheRoot(): string {
  if (process.env.TRACING_LAB_CACHE) return process.env.TRACING_LAB_CACHE;
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'tracing-lab');
}

/**
 * Builds tools/kube-check once per source change into the cache outside the clone and returns
 * the binary's path. KUBE_CHECK names a binary built elsewhere.
 */
export function ensureKubeCheck(): string {
  if (process.env.KUBE_CHECK) return process.env.KUBE_CHECK;
  const dir = join(cacheRoot(), 'kube-check', sourceHash());
  const binary = join(dir, 'kube-check');
  if (existsSync(binary)) return binary;
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error) {
    throw new Error(
      'tools/kube-check needs Go >= 1.26 to build (https://go.dev/dl/), or set KUBE_CHECK to a built kube-check binary',
    );
  }
  mkdirSync(dir, { recursive: true });
  // Build beside the final name and rename: a concurrent run never sees half a binary.
  const partial = `${binary}.${process.pid}`;
  console.error(`manifests: building tools/kube-check with ${go.stdout.trim()} into ${dir}`);
  execFileSync('go', ['build', '-trimpath', '-o', partial, '.'], { cwd: source, stdio: 'inherit' });
  renameSync(partial, binary);
  return binary;
}

export interface KubeCheckResult {
  status: number | null;
  problems: string[];
  stderr: string;
}

export function kubeCheck(binary: string, yaml: string, args: string[] = []): KubeCheckResult {
  const run = spawnSync(binary, args, { input: yaml, encoding: 'utf8' });
  if (run.error) throw run.error;
  const problems = run.stdout.split('\n').filter((line) => line.length > 0);
  return { status: run.status, problems, stderr: run.stderr };
}
