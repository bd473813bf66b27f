import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LabConfigError } from '../errors.js';

const run = promisify(execFile);

export interface SourceState {
  /** The commit checked out, for the `org.opencontainers.image.revision` label. */
  revision: string;
  /** That commit's date (RFC 3339): the same sources give the same label, so caches hold. */
  created: string;
  /** Hash of every file git sees (tracked, or untracked and not ignored), edits included. */
  contentHash: string;
}

/**
 * What the server and client images are built from. The hash covers more than the build context
 * (docs too): a docs edit costs a rebuild that podman's layer cache makes quick, never a stale image.
 */
export async function sourceState(repoRoot: string): Promise<SourceState> {
  const git = async (...args: string[]) => {
    try {
      return (await run('git', ['-C', repoRoot, ...args], { maxBuffer: 64 * 1024 * 1024 })).stdout;
    } catch {
      throw new LabConfigError(
        `${repoRoot} is not a git checkout: the image labels name its commit`,
      );
    }
  };
  const revision = (await git('rev-parse', 'HEAD')).trim();
  const created = (await git('log', '-1', '--format=%cI', 'HEAD')).trim();
  const files = (await git('ls-files', '-z', '--cached', '--others', '--exclude-standard'))
    .split('\0')
    .filter(Boolean)
    .sort();
  const hash = createHash('sha256');
  for (const file of files) {
    // a tracked file deleted in the working tree counts as empty
    hash.update(`${file}\0`).update(await readFile(join(repoRoot, file)).catch(() => ''));
  }
  return { revision, created, contentHash: hash.digest('hex') };
}
