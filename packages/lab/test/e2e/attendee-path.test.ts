import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers.js';
import { kustomizeCopy } from './edits.js';
import { useLabNamespace } from './lab-namespace.js';
import { completeIterations } from './trace-shape.js';

// The fixes of kustomize/overlays/exercise/README.md, made as text in a copy of the files.
const EXERCISE = 'kustomize/overlays/exercise';
const COLLECTOR_CONFIG = `${EXERCISE}/otel-collector-config.yaml`;
const JAEGER_EXPORTER = [
  '  # Jaeger receives OTLP natively. Its port 4317 speaks plaintext gRPC inside the cluster,',
  '  # so the exporter must not attempt TLS.',
  '  otlp_grpc/jaeger:',
  '    endpoint: jaeger:4317',
  '    tls:',
  '      insecure: true',
];

/** How many batches of `service`'s spans the Collector's debug exporter printed in `log`. */
const spanBatches = (log: string, service: string) =>
  log.match(new RegExp(`ResourceTraces #\\d+ .*\\bservice\\.name=${service}\\b`, 'g'))?.length ?? 0;

const copy = kustomizeCopy();
afterAll(() => copy.dispose());

describe("the attendee's path: the exercise, then the README's fixes in a copy of its files", () => {
  const lab = useLabNamespace(() => copy.path(EXERCISE));

  it('fix 1: the endpoint set to the Collector Service rolls client and server; traces reach the Collector only', async () => {
    const before = [await lab.podOf('client'), await lab.podOf('server')];
    for (const program of ['client', 'server'])
      copy.replaceOnLine(
        `${EXERCISE}/${program}-otlp-endpoint.yaml`,
        12,
        'http://xxx:123',
        'http://otel-collector:4317',
      );
    const applied = await lab.apply('-k', copy.path(EXERCISE));
    expect(applied).toMatch(/^deployment\.apps\/client configured$/m);
    expect(applied).toMatch(/^deployment\.apps\/server configured$/m);
    expect(applied).toMatch(/^deployment\.apps\/otel-collector unchanged$/m);
    expect(await lab.podOf('client')).not.toBe(before[0]);
    expect(await lab.podOf('server')).not.toBe(before[1]);
    await waitFor(
      'client and server spans in the Collector debug output',
      async () => {
        const log = await lab.logs('otel-collector');
        return spanBatches(log, 'client') > 0 && spanBatches(log, 'server') > 0;
      },
      30_000,
    );
    expect(await lab.jaeger.services()).not.toContain('client');
  }, 60_000);

  it('fix 2: the exporter added to the ConfigMap restarts nothing; the running Collector keeps its old config', async () => {
    const collector = await lab.podOf('otel-collector');
    copy.replaceOnLine(
      COLLECTOR_CONFIG,
      39,
      'exporters: [debug]',
      'exporters: [debug, otlp_grpc/jaeger]',
    );
    copy.insertAfterLine(COLLECTOR_CONFIG, 31, JAEGER_EXPORTER);
    const applied = await lab.apply('-k', copy.path(EXERCISE));
    expect(applied).toMatch(/^configmap\/otel-collector-config configured$/m);
    expect(applied).toMatch(/^deployment\.apps\/otel-collector unchanged$/m);
    const stored = await lab.kubectl([
      'get',
      'configmap',
      'otel-collector-config',
      '-o',
      'jsonpath={.data.config\\.yaml}',
    ]);
    expect(stored).toContain('exporters: [debug, otlp_grpc/jaeger]');
    // New batches keep flowing through the old pipeline: printed by debug, none sent to Jaeger.
    const seen = spanBatches(await lab.logs('otel-collector'), 'client');
    await waitFor(
      'three more batches of client spans in the Collector after the apply',
      async () => spanBatches(await lab.logs('otel-collector'), 'client') >= seen + 3,
      30_000,
    );
    expect(await lab.jaeger.services()).not.toContain('client');
    const pods = await lab.pods();
    expect(pods.filter((pod) => pod.app === 'otel-collector')).toEqual([
      expect.objectContaining({
        name: collector,
        containers: [expect.objectContaining({ restartCount: 0 })],
      }),
    ]);
  }, 60_000);

  it('fix 3: once the Collector pod is deleted, its new pod sends the traces on to Jaeger', async () => {
    const collector = await lab.podOf('otel-collector');
    await lab.kubectl(['delete', 'pod', '-l', 'app.kubernetes.io/name=otel-collector']);
    await lab.kubectl(['rollout', 'status', 'deploy/otel-collector', '--timeout=60s']);
    expect(await lab.podOf('otel-collector')).not.toBe(collector);
    // The old pod serves until the Service leads to the new one (its preStop pause), so client
    // and server reconnect at once, to the pod running the new config.
    const iteration = await waitFor(
      'a complete client -> server trace in Jaeger',
      async () => completeIterations(await lab.jaeger.traces('client', { limit: 50 }))[0],
      30_000,
    );
    expect(iteration.serverSpan.operationName).toBe('GET /hello');
    expect(await lab.jaeger.services()).toEqual(expect.arrayContaining(['client', 'server']));
  }, 60_000);
});
