import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The one place the default cache location is decided; entry files pass it their environment.
 *
 * @example
 * const cacheDir = cacheDirFromEnv(process.env); // in bin.ts or a test, never in library code
 */
export function cacheDirFromEnv(env: Record<string, string | undefined>, home = homedir()): string {
  if (env.TRACING_LAB_CACHE) return env.TRACING_LAB_CACHE;
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'tracing-lab');
}
