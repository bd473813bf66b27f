import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LabConfigError } from './errors.js';

/** The tracing-lab clone holding `start`: it has the overlays and the built server and client. */
export function findRepoRoot(...starts: string[]): string {
  for (const start of starts) {
    let dir = start;
    for (;;) {
      if (
        existsSync(join(dir, 'kustomize', 'overlays')) &&
        existsSync(join(dir, 'packages', 'server'))
      )
        return dir;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new LabConfigError(
    'no tracing-lab clone found here: run the command from inside the repository',
  );
}
