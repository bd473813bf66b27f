import { describe, expect, it } from 'vitest';
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

  it('says once when export works again, within the same rate window', () => {
    const clock = { now: 0 };
    const { reporter, lines } = reporterAt(clock);
    reporter.succeeded();
    expect(lines).toEqual([]);
    reporter.failed(refused);
    reporter.failed(refused);
    clock.now = 10_000;
    reporter.succeeded();
    reporter.succeeded();
    clock.now = 12_000;
    reporter.failed(refused);
    clock.now = 20_000;
    reporter.failed(refused);
    expect(lines).toEqual([
      '[telemetry] traces export to http://xxx:123 failed: connection refused (nothing listens there)',
      '[telemetry] traces export to http://xxx:123 recovered after 2 failed export(s)',
      '[telemetry] traces export to http://xxx:123 failed (x2 since last report): connection refused (nothing listens there)',
    ]);
  });

  it('holds a recovery inside the window back until the window allows it', () => {
    const clock = { now: 0 };
    const { reporter, lines } = reporterAt(clock);
    reporter.failed(refused);
    clock.now = 3000;
    reporter.succeeded();
    expect(lines).toHaveLength(1);
    clock.now = 10_000;
    reporter.succeeded();
    expect(lines[1]).toBe(
      '[telemetry] traces export to http://xxx:123 recovered after 1 failed export(s)',
    );
    reporter.succeeded();
    expect(lines).toHaveLength(2);
  });

  it('prints at most one line per interval for a collector alternating failure and success', () => {
    const clock = { now: 0 };
    const { reporter, lines } = reporterAt(clock);
    const runMillis = 60_000;
    // Two exports per second, every other one failing.
    for (let i = 0; clock.now < runMillis; i++, clock.now += 500) {
      if (i % 2 === 0) reporter.failed(refused);
      else reporter.succeeded();
    }
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.length).toBeLessThanOrEqual(runMillis / 10_000);
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
