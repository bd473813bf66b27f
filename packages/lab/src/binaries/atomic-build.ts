import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { withLock } from './lock.js';

interface AtomicBuildOptions {
  /** The cache folder the build must produce; it appears complete or not at all. */
  dir: string;
  /** True when `dir` holds a usable build (someone else may have built it while we waited). */
  ready: () => Promise<boolean>;
  label: string;
  onProgress: (line: string) => void;
  /** Fills the temporary folder it is given. */
  build: (tmpDir: string) => Promise<void>;
}

/**
 * Builds into a temporary folder and renames it into place: an interrupted build leaves only a
 * `.tmp` folder (swept by the next build), never a half binary that a later run would trust.
 */
export async function atomicBuild(options: AtomicBuildOptions): Promise<void> {
  const { dir, ready, label, onProgress, build } = options;
  await mkdir(dirname(dir), { recursive: true });
  await withLock(
    `${dir}.lock`,
    async () => {
      if (await ready()) return;
      const prefix = `.${basename(dir)}.tmp-`;
      for (const stale of await readdir(dirname(dir))) {
        if (stale.startsWith(prefix)) await rm(join(dirname(dir), stale), { recursive: true });
      }
      const tmpDir = join(dirname(dir), `${prefix}${process.pid}`);
      await mkdir(tmpDir);
      try {
        await build(tmpDir);
        await rm(dir, { recursive: true, force: true });
        await rename(tmpDir, dir);
      } finally {
        await rm(tmpDir, { recursive: true, force: true });
      }
    },
    (seconds) => onProgress(`waiting for another process building ${label} (${seconds} s)`),
  );
}
