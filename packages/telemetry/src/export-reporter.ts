import { shortReason } from './failure-reason.js';

/** Observes the failed exports of one signal. */
export interface ExportReporter {
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

  return {
    failed(error) {
      unreported++;
      const at = now();
      if (lastReportAt !== undefined && at - lastReportAt < intervalMillis) return;
      const count = lastReportAt !== undefined ? ` (x${unreported} since last report)` : '';
      log(`${prefix} failed${count}: ${shortReason(error)}`);
      lastReportAt = at;
      unreported = 0;
    },
  };
}
