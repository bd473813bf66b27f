import { beforeAll, describe, expect, it } from 'vitest';
import type { Render } from '../../src/types.js';
import { waitFor } from '../helpers.js';
import { collectorConfigMap, envValue, setEnv } from './edits.js';
import { render, useLab } from './lab.js';
import { completeIterations } from './trace-shape.js';

const ENDPOINT = 'OTEL_EXPORTER_OTLP_ENDPOINT';
const spansFrom = (log: string, service: string) =>
  new RegExp(`ResourceTraces #\\d+ .*\\bservice\\.name=${service}\\b`).test(log);

let solution: Render;
beforeAll(async () => {
  solution = await render('solution');
});

describe("the attendee's path: exercise, then the guide's fixes one by one", () => {
  const lab = useLab('exercise');
  let edited: Render;

  it('step 2: the env var pointed at the Collector Service brings traces to the Collector only', async () => {
    edited = await render('exercise');
    const fixed = envValue(solution, 'client', ENDPOINT) as string;
    expect(fixed).toBe('http://otel-collector:4317');
    for (const deployment of ['client', 'server']) setEnv(edited, deployment, ENDPOINT, fixed);
    const applied = await lab.cluster.apply(edited);
    expect(applied.rolledOut.sort()).toEqual(['client', 'server']);
    await lab.cluster.waitReady(30_000);
    await waitFor(
      'client and server spans in the Collector debug output',
      () => {
        const log = lab.cluster.logs('otel-collector');
        return spansFrom(log, 'client') && spansFrom(log, 'server');
      },
      30_000,
    );
    expect(await lab.jaeger.services()).not.toContain('client');
  }, 60_000);

  it('step 4: the exporter added to the ConfigMap reaches the mounted file, not the running Collector', async () => {
    collectorConfigMap(edited).data['config.yaml'] =
      collectorConfigMap(solution).data['config.yaml'];
    const collector = lab.cluster.pod('otel-collector');
    const applied = await lab.cluster.apply(edited);
    expect(applied).toMatchObject({
      rolledOut: [],
      configMaps: [collectorConfigMap(edited).metadata.name],
    });
    expect(lab.cluster.pod('otel-collector').name).toBe(collector.name);
    const { readFile } = await import('node:fs/promises');
    const mounted = await readFile(`${collector.volumes.get('config')?.dir}/config.yaml`, 'utf8');
    expect(mounted).toContain('otlp_grpc/jaeger');
    // New batches keep flowing through the old configuration: debug only, nothing to Jaeger.
    const seen = lab.cluster.logs('otel-collector').length;
    await waitFor(
      'new spans in the Collector after the apply',
      () => spansFrom(lab.cluster.logs('otel-collector').slice(seen), 'client'),
      20_000,
    );
    expect(await lab.jaeger.services()).not.toContain('client');
  }, 40_000);

  it('step 4: once the Collector pod is deleted, its new pod sends the traces to Jaeger', async () => {
    await lab.cluster.restartPod('otel-collector');
    await lab.cluster.waitReady(30_000);
    const iteration = await waitFor(
      'a complete trace in Jaeger',
      async () => completeIterations(await lab.jaeger.traces('client', { limit: 50 }))[0],
      30_000,
    );
    expect(iteration.serverSpan.operationName).toBe('GET /hello');
    expect(await lab.jaeger.services()).toEqual(expect.arrayContaining(['client', 'server']));
  }, 70_000);
});

describe('the solution applied over a running exercise converges without deleting a pod', () => {
  const lab = useLab('exercise');

  it('rolls out client, server and the Collector, and traces reach Jaeger', async () => {
    const applied = await lab.cluster.apply(solution);
    expect(applied.rolledOut.sort()).toEqual(['client', 'otel-collector', 'server']);
    await lab.cluster.waitReady(30_000);
    await waitFor(
      'a complete trace in Jaeger',
      async () => completeIterations(await lab.jaeger.traces('client', { limit: 50 }))[0],
      30_000,
    );
  }, 70_000);
});
