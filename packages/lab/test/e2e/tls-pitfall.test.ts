import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { waitFor } from '../helpers.js';
import { collectorConfigMap } from './edits.js';
import { useLab } from './lab.js';

// What the Collector prints when it speaks TLS to Jaeger's plaintext OTLP port.
const HANDSHAKE_ERROR =
  'authentication handshake failed: tls: first record does not look like a TLS handshake';

describe('the TLS pitfall: the Jaeger exporter without tls.insecure', () => {
  const lab = useLab('solution', (render) => {
    const configMap = collectorConfigMap(render);
    const config = parse(configMap.data['config.yaml']);
    delete config.exporters['otlp_grpc/jaeger'].tls;
    configMap.data['config.yaml'] = stringify(config);
  });

  it("prints the handshake error in the Collector's output", async () => {
    const exporterError = (line: string) =>
      line.includes(HANDSHAKE_ERROR) && line.includes('"otlp_grpc/jaeger"');
    const line = await waitFor(
      'the exporter failing with the handshake error',
      () => lab.cluster.logs('otel-collector').split('\n').find(exporterError),
      30_000,
    );
    expect(line).toMatch(/Exporting failed/);
  }, 40_000);

  it('leaves Jaeger without traces of client or server', async () => {
    // Batches have been exported (and failed) by now: the error above comes from them.
    const services = await lab.jaeger.services();
    expect(services).not.toContain('client');
    expect(services).not.toContain('server');
  });
});
