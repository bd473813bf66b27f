import { describe, expect, it } from 'vitest';
import { quietErrorHandler } from '../src/quiet-error-handler.js';
import { reportedErrors } from '../src/reporting-exporters.js';

describe('quietErrorHandler', () => {
  it('prints other SDK errors as one short line, rate-limited, never a stack', () => {
    const lines: string[] = [];
    const handle = quietErrorHandler((line) => lines.push(line), 60_000);
    handle(new Error('Span processor exploded\n    at Foo (bar.js:1:2)'));
    handle(new Error('again'));
    expect(lines).toEqual(['[telemetry] Span processor exploded']);
  });

  it('stays silent about export failures the reporters already printed', () => {
    const lines: string[] = [];
    const handle = quietErrorHandler((line) => lines.push(line), 0);
    const exportError = new Error('14 UNAVAILABLE: connect ECONNREFUSED');
    reportedErrors.add(exportError);
    handle(exportError);
    handle(new Error('PeriodicExportingMetricReader: metrics export failed (error x)'));
    expect(lines).toEqual([]);
  });
});
