import type { CallOutcome } from './types.js';

/** Every line the client prints starts with this, so it is easy to grep in `kubectl logs`. */
export const LOG_PREFIX = 'tracing-lab-client:';

export interface ProgressLogOptions {
  log: (line: string) => void;
  logError: (line: string) => void;
  /** At most one success line, and one line per repeated failure, per this period. */
  everyMs?: number;
  now?: () => number;
}

/**
 * Turns call outcomes into a few log lines: one call per second would flood `kubectl logs`, yet
 * attendees need to see that the client is alive, what fails and when it recovers.
 *
 * @example
 * const report = createProgressLog({ log: console.log, logError: console.error });
 * report(await executeRequest({ serverUrl: 'http://server:8080', timeoutMs: 5000 }));
 */
export function createProgressLog({
  log,
  logError,
  everyMs = 10_000,
  now = Date.now,
}: ProgressLogOptions) {
  let okSinceLine = 0;
  let lastOkLineAt = Number.NEGATIVE_INFINITY;
  let failuresInRow = 0;
  let lastFailureReason = '';
  let lastFailureLineAt = Number.NEGATIVE_INFINITY;

  return function report(outcome: CallOutcome): void {
    if (outcome.ok) {
      okSinceLine += 1;
      const recovered = failuresInRow > 0;
      if (recovered || now() - lastOkLineAt >= everyMs) {
        const again = recovered ? ` again after ${plural(failuresInRow, 'failed call')}` : '';
        log(
          `${LOG_PREFIX} GET ${outcome.url} ok${again}, ${plural(okSinceLine, 'call')} since the last line, ` +
            `last took ${outcome.durationMs} ms, trace ${outcome.traceId}`,
        );
        okSinceLine = 0;
        lastOkLineAt = now();
      }
      failuresInRow = 0;
      lastFailureReason = '';
      return;
    }
    failuresInRow += 1;
    // The same reason over and over (server down for a minute) is worth one line per period.
    if (outcome.reason !== lastFailureReason || now() - lastFailureLineAt >= everyMs) {
      logError(
        `${LOG_PREFIX} GET ${outcome.url} failed: ${outcome.reason} ` +
          `(${plural(failuresInRow, 'failure')} in a row, trace ${outcome.traceId})`,
      );
      lastFailureReason = outcome.reason;
      lastFailureLineAt = now();
    }
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
