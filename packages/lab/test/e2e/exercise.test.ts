import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers.js';
import { overlayDir, useLabNamespace } from './lab-namespace.js';

const EXPORT_ERROR = 'export to http://xxx:123 failed'; // packages/telemetry/src/export-reporter.ts

describe('the exercise overlay as shipped, applied with kubectl', () => {
  const lab = useLabNamespace(() => overlayDir('exercise'));

  it.each(['client', 'server'])(
    '%s logs the export error naming the placeholder endpoint',
    async (deployment) => {
      const log = await waitFor(`"${EXPORT_ERROR}" in ${deployment}'s log`, async () => {
        const text = await lab.logs(deployment);
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
      async () => {
        const log = await lab.logs('client');
        const firstError = log.indexOf(EXPORT_ERROR);
        return firstError >= 0 && /GET http:\/\/server:8080\/hello ok/.test(log.slice(firstError));
      },
      30_000,
    );
    for (const pod of await lab.pods())
      for (const { ready, restartCount } of pod.containers)
        expect({ pod: pod.app, ready, restartCount }).toEqual({
          pod: pod.app,
          ready: true,
          restartCount: 0,
        });
  }, 40_000);

  it('leaves the Collector and Jaeger without any trace of client or server', async () => {
    // Both have tried to export spans by now: what they sent went to the placeholder.
    for (const deployment of ['client', 'server'])
      await waitFor(`a failed traces export in ${deployment}'s log`, async () =>
        (await lab.logs(deployment)).includes(`traces ${EXPORT_ERROR}`),
      );
    expect(await lab.logs('otel-collector')).not.toMatch(/service\.name=(client|server)\b/);
    const services = await lab.jaeger.services();
    expect(services).not.toContain('client');
    expect(services).not.toContain('server');
  }, 30_000);
});
