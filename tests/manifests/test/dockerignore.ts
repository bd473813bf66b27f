import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './render';

const patterns = () =>
  readFileSync(join(repoRoot, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));

function matcher(pattern: string): (path: string) => boolean {
  const anyDepth = pattern.startsWith('**/');
  const rest = anyDepth ? pattern.slice(3) : pattern;
  if (/[*?[!]/.test(rest.replace(/^\*\./, ''))) {
    throw new Error(
      `.dockerignore pattern ${pattern}: extend tests/manifests/test/dockerignore.ts`,
    );
  }
  const segment = rest.startsWith('*.')
    ? (s: string) => s.endsWith(rest.slice(1))
    : (s: string) => s === rest;
  return (path) => {
    const parts = path.split('/');
    if (!anyDepth)
      return segment(parts[0] ?? '') && (rest.startsWith('*.') ? parts.length === 1 : true);
    return parts.some(segment);
  };
}

/** Whether `docker build` leaves `path` (relative to the repository root) out of the context. */
export function ignored(path: string): boolean {
  return patterns().some((p) => matcher(p)(path));
}
