import { open, readFile, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** A lock is abandoned when the process that wrote its pid is gone (killed mid-build, say). */
async function isAbandoned(lockFile: string): Promise<boolean> {
  const pid = Number(await readFile(lockFile, 'utf8').catch(() => ''));
  if (!pid) return false; // just created, pid not written yet
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Runs `fn` while holding `lockFile`, so parallel test workers or a test run next to the demo wait
 * for one build instead of starting their own.
 *
 * @example await withLock(`${dir}.lock`, () => build(), () => onProgress('waiting...'));
 */
export async function withLock<T>(
  lockFile: string,
  fn: () => Promise<T>,
  onWait: (seconds: number) => void,
): Promise<T> {
  const started = Date.now();
  for (let polls = 0; ; polls++) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await isAbandoned(lockFile)) {
      await rm(lockFile, { force: true });
      continue;
    }
    if (polls % 20 === 0) onWait(Math.round((Date.now() - started) / 1000));
    await sleep(1000);
  }
  try {
    return await fn();
  } finally {
    await rm(lockFile, { force: true });
  }
}
