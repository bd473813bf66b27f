import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers.js';
import { kustomizeCopy } from './edits.js';
import { useLabNamespace } from './lab-namespace.js';

// What the Collector prints when it speaks TLS to Jaeger's plaintext OTLP port.
const HANDSHAKE_ERROR =
  'authentication handshake failed: tls: first record does not look like a TLS handshake';

// The solution with the Jaeger exporter written without `tls.insecure: true`.
const copy = kustomizeCopy();
copy.remove('kustomize/base/otel-collector/config.yaml', '    tls:\n      insecure: true\n');
afterAll(() => copy.dispose());

describe('the TLS pitfall: the Jaeger exporter without tls.insecure', () => {
  const lab = useLabNamespace(() => copy.path('kustomize/overlays/solution'));

  it("prints the handshake error in the Collector's log", async () => {
    const exporterError = (line: string) =>
      line.includes(HANDSHAKE_ERROR) && line.includes('"otlp_grpc/jaeger"');
    const line = await waitFor(
      'the exporter failing with the handshake error',
      async () => (await lab.logs('otel-collector')).split('\n').find(exporterError),
      30_000,
    );
    expect(line).toMatch(/Exporting failed/);
  }, 40_000);

  it('leaves Jaeger without traces of client or server, though the Collector receives them', async () => {
    // Batches have been exported (and failed) by now: the error above comes from them.
    const log = await lab.logs('otel-collector');
    expect(log).toMatch(/ResourceTraces #\d+ .*\bservice\.name=client\b/);
    const services = await lab.jaeger.services();
    expect(services).not.toContain('client');
    expect(services).not.toContain('server');
  });
});
