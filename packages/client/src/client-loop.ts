import { setTimeout as sleep } from 'node:timers/promises';
import { executeRequest, helloUrlOf } from './execute-request.js';
import { createProgressLog, LOG_PREFIX } from './progress-log.js';
import type { ClientLoopOptions } from './types.js';

/**
 * Calls the server again and again until `signal` aborts. One call at a time: a slow server
 * slows the client down instead of piling requests up. Calls start every `intervalMs`, measured
 * start to start; a call slower than that is followed by the next one at once.
 *
 * @example
 * const stop = new AbortController();
 * process.once('SIGTERM', () => stop.abort());
 * await runClientLoop({ serverUrl: 'http://server:8080', intervalMs: 1000, timeoutMs: 5000, signal: stop.signal });
 */
export async function runClientLoop({
  serverUrl,
  timeoutMs,
  intervalMs,
  signal,
  log = console.log,
  logError = console.error,
  onOutcome,
}: ClientLoopOptions): Promise<void> {
  const report = createProgressLog({ log, logError });
  log(
    `${LOG_PREFIX} calling ${helloUrlOf(serverUrl).href} every ${intervalMs} ms (timeout ${timeoutMs} ms)`,
  );

  while (!signal.aborted) {
    const started = performance.now();
    const outcome = await executeRequest({ serverUrl, timeoutMs, signal });
    report(outcome);
    onOutcome?.(outcome);
    await waitOrStop(intervalMs - (performance.now() - started), signal);
  }
}

/** Sleeps, but wakes up at once when the signal aborts (SIGTERM must not wait for the next tick). */
async function waitOrStop(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return;
  try {
    await sleep(ms, undefined, { signal });
  } catch {
    // Aborted: the loop condition ends the loop.
  }
}
