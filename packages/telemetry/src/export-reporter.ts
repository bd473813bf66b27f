import { shortReason } from './failure-reason.js';

/** Observes the outcome of every export of one signal. */
export interface ExportReporter {
  succeeded(): void;
  failed(error: unknown): void;
}

export interface ExportReporterOptions {
  signal: 'traces' | 'metrics';
  endpoint: string;
  log: (line: string) => void;
  intervalMillis: number;
  now?: () => number;
}

/**
 * Rate-limits export failures to one line per interval, counting the failures in between, so a
 * dead collector is visible in the logs without flooding them (the SDK alone says nothing).
 * Recovery lines share that window: a collector flapping between failure and success must not
 * print two lines per export. A recovery inside the window is printed at the first success once
 * the window allows, unless a failure comes first (then the next failure line carries the count).
 */
export function createExportReporter({
  signal,
  endpoint,
  log,
  intervalMillis,
  now = Date.now,
}: ExportReporterOptions): ExportReporter {
  const prefix = `[telemetry] ${signal} export to ${endpoint}`;
  let lastReportAt: number | undefined;
  let unreported = 0;
  let failedSinceRecovery = 0;
  let lastLineWasFailure = false;

  const windowOpen = (at: number) =>
    lastReportAt === undefined || at - lastReportAt >= intervalMillis;

  return {
    failed(error) {
      unreported++;
      failedSinceRecovery++;
      const at = now();
      if (!windowOpen(at)) return;
      const count =
        lastLineWasFailure || unreported > 1 ? ` (x${unreported} since last report)` : '';
      log(`${prefix} failed${count}: ${shortReason(error)}`);
      lastReportAt = at;
      lastLineWasFailure = true;
      unreported = 0;
    },
    succeeded() {
      if (failedSinceRecovery === 0) return;
      const at = now();
      if (!windowOpen(at)) return;
      log(`${prefix} recovered after ${failedSinceRecovery} failed export(s)`);
      lastReportAt = at;
      lastLineWasFailure = false;
      failedSinceRecovery = 0;
      unreported = 0;
    },
  };
}
