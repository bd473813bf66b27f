import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withLock } from '../binaries/lock.js';
import { localImageId } from './engine.js';

interface CachedImageOptions {
  cacheDir: string;
  containersConf: string;
  /** Names the record and the lock: `server`, `node-base-amd64`... */
  name: string;
  ref: string;
  /** Hash of everything that shapes the image; a different key means a build. */
  key: string;
  onProgress: (line: string) => void;
  build: () => Promise<void>;
}

/**
 * Builds `ref` unless the image it names is the one built last time from the same inputs (`key`).
 * The record lives in the cache next to the binaries; the lock makes parallel runs wait for one
 * build instead of starting their own.
 */
export async function cachedImage(options: CachedImageOptions): Promise<'cached' | 'built'> {
  const { cacheDir, containersConf, name, ref, key, onProgress, build } = options;
  const dir = join(cacheDir, 'images');
  await mkdir(dir, { recursive: true });
  const recordFile = join(dir, `${name}.json`);
  const isCurrent = async () => {
    const record = await readFile(recordFile, 'utf8').then(JSON.parse, () => undefined);
    const id = await localImageId(containersConf, ref);
    return id !== undefined && record?.key === key && record?.id === id;
  };
  return withLock(
    join(dir, `${name}.lock`),
    async () => {
      if (await isCurrent()) return 'cached';
      const started = Date.now();
      await build();
      const id = await localImageId(containersConf, ref);
      if (!id) throw new Error(`building ${ref} left no image of that name`);
      await writeFile(recordFile, `${JSON.stringify({ key, id, ref })}\n`);
      onProgress(
        `${name} image ready after ${Math.round((Date.now() - started) / 1000)} s: ${ref}`,
      );
      return 'built';
    },
    (seconds) =>
      onProgress(`waiting for another process building the ${name} image (${seconds} s)`),
  );
}
