import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Versions } from './types.js';

/**
 * The package's `builds/` folder. Searched upwards because this code runs both from `src/binaries/`
 * (tests) and bundled into `dist/` (the published bin).
 */
export function buildsDir(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'builds', 'versions.json'))) return join(dir, 'builds');
    if (dirname(dir) === dir) throw new Error(`builds/versions.json not found above ${from}`);
  }
}

/** @example const { collector } = await loadVersions(); // '0.161.0' */
export async function loadVersions(dir = buildsDir()): Promise<Versions> {
  return JSON.parse(await readFile(join(dir, 'versions.json'), 'utf8')) as Versions;
}

/** The Collector builder manifest (text): every component any overlay's Collector config uses. */
export function readBuilderManifest(dir = buildsDir()): Promise<string> {
  return readFile(join(dir, 'otelcol-builder.yaml'), 'utf8');
}
