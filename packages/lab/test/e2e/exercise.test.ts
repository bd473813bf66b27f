import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers.js';
import { useLab } from './lab.js';

const EXPORT_ERROR = 'export to http://xxx:123 failed'; // packages/telemetry/src/export-reporter.ts

describe('the exercise overlay as shipped', () => {
  const lab = useLab('exercise');

  it.each(['client', 'server'])(
    '%s logs the export error naming the placeholder endpoint',
    async (deployment) => {
      const log = await waitFor(`"${EXPORT_ERROR}" in ${deployment}'s log`, () => {
        const text = lab.cluster.logs(deployment);
        return text.includes(EXPORT_ERROR) && text;
      });
      expect(log).toMatch(/\[telemetry\] (traces|metrics) export to http:\/\/xxx:123 failed/);
      expect(log).not.toMatch(/^\s+at /m); // one short line, no stack trace
    },
    30_000,
  );

  it('keeps client and server working: calls succeed after the export errors, no restart', async () => {
    await waitFor(
      'a successful call logged after the first export error',
      () => {
        const log = lab.cluster.logs('client');
        const firstError = log.indexOf(EXPORT_ERROR);
        return firstError >= 0 && /GET http:\/\/server:8080\/hello ok/.test(log.slice(firstError));
      },
      30_000,
    );
    for (const deployment of ['client', 'server']) {
      expect(lab.cluster.pod(deployment).containers()[0]).toMatchObject({
        state: 'running',
        restartCount: 0,
      });
    }
  }, 40_000);

  it('leaves Jaeger without any trace of client or server', async () => {
    const services = await lab.jaeger.services();
    expect(services).not.toContain('client');
    expect(services).not.toContain('server');
  });
});
