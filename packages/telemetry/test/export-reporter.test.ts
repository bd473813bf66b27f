import { describe, expect, it } from 'vitest';
import { exportErrorHandler } from '../src/export-errors.js';
import { createExportReporter } from '../src/export-reporter.js';
import { shortReason } from '../src/failure-reason.js';

function reporterAt(clock: { now: number }) {
  const lines: string[] = [];
  const reporter = createExportReporter({
    signal: 'traces',
    endpoint: 'http://xxx:123',
    log: (line) => lines.push(line),
    intervalMillis: 10_000,
    now: () => clock.now,
  });
  return { reporter, lines };
}

const refused = new Error(
  '14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED',
);

describe('export reporter', () => {
  it('reports the first failure at once, then at most one line per interval with a count', () => {
    const clock = { now: 0 };
    const { reporter, lines } = reporterAt(clock);
    reporter.failed(refused);
    for (clock.now = 1000; clock.now < 10_000; clock.now += 1000) reporter.failed(refused);
    expect(lines).toEqual([
      '[telemetry] traces export to http://xxx:123 failed: connection refused (nothing listens there)',
    ]);
    clock.now = 10_000;
    reporter.failed(refused);
    expect(lines[1]).toBe(
      '[telemetry] traces export to http://xxx:123 failed (x10 since last report): connection refused (nothing listens there)',
    );
  });

  it('counts the failures of a long outage: one line per interval', () => {
    const clock = { now: 0 };
    const { reporter, lines } = reporterAt(clock);
    for (; clock.now < 60_000; clock.now += 500) reporter.failed(refused);
    expect(lines).toHaveLength(6);
    expect(lines.slice(1).every((line) => line.includes('(x20 since last report)'))).toBe(true);
  });
});

describe('exportErrorHandler', () => {
  const endpoints = { traces: 'http://t:4317', metrics: 'http://m:4317' };

  it('names the signal from the error the SDK reports, rate-limited per signal', () => {
    const lines: string[] = [];
    const handle = exportErrorHandler({
      endpoints,
      log: (l) => lines.push(l),
      intervalMillis: 60_000,
    });
    handle(refused);
    handle(refused);
    handle(
      new Error(`PeriodicExportingMetricReader: metrics export failed (error ${refused.message})`),
    );
    expect(lines).toEqual([
      '[telemetry] traces export to http://t:4317 failed: connection refused (nothing listens there)',
      '[telemetry] metrics export to http://m:4317 failed: connection refused (nothing listens there)',
    ]);
  });

  it('prints other SDK errors as one short line, rate-limited, never a stack', () => {
    const lines: string[] = [];
    const handle = exportErrorHandler({
      endpoints,
      log: (l) => lines.push(l),
      intervalMillis: 60_000,
    });
    handle(new Error('Span processor exploded\n    at Foo (bar.js:1:2)'));
    handle(new Error('again'));
    expect(lines).toEqual(['[telemetry] Span processor exploded']);
  });
});

describe('shortReason', () => {
  it.each([
    ['14 UNAVAILABLE: Name resolution failed for target dns:xxx:123', 'DNS name not resolved'],
    [
      '14 UNAVAILABLE: No connection established. Last error: Error: 40:error:0A00010B:SSL routines:tls_validate_record_header:wrong version number:..',
      'TLS handshake failed (plaintext endpoint? write http://host:port)',
    ],
    [
      '4 DEADLINE_EXCEEDED: Deadline exceeded after 1.499s,name resolution: 0.007s',
      'deadline exceeded (no answer in time)',
    ],
    [
      '14 UNAVAILABLE: No connection established. Last error: null. Resolution note:',
      'no connection established (collector unreachable)',
    ],
    [
      '12 UNIMPLEMENTED: Received HTTP status code 404',
      'endpoint does not implement OTLP gRPC (wrong port?)',
    ],
  ])('shortens %s', (message, reason) => {
    expect(shortReason(new Error(message))).toBe(reason);
  });

  it('keeps only the first line of unknown errors, truncated', () => {
    const reason = shortReason(new Error(`${'x'.repeat(300)}\n    at somewhere (file.js:1:1)`));
    expect(reason).toHaveLength(120);
    expect(reason).not.toContain('at somewhere');
  });
});
