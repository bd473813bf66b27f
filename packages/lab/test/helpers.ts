import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Programs } from '../src/images.js';
import { parseRender } from '../src/render.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Programs for fixtures that only use `node:*` images. */
export const nodeOnlyPrograms: Programs = {
  otelcol: '',
  jaeger: '',
  node: process.execPath,
  repoRoot,
};

export function fixture(name: string) {
  return parseRender(
    readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures', name), 'utf8'),
  );
}

/** Polls until `check` returns a value (not undefined/false), or fails with `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = 20_000,
): Promise<Exclude<T, false | null | undefined>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== null && value !== false)
        return value as Exclude<T, false | null | undefined>;
    } catch (error) {
      lastError = error;
    }
    await sleep(250);
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError}` : ''}`,
  );
}
