import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, waitFor } from '../helpers.js';
import { type LabNamespace, overlayDir, useLabNamespace } from './lab-namespace.js';
import { completeIterations } from './trace-shape.js';

// The server-side apply kustomize/README.md gives, run as written there (paths from the repository root).
const README = 'kustomize/README.md';
const documented = /^kubectl (apply --server-side .*?) -n \S+/m.exec(
  readFileSync(join(repoRoot, README), 'utf8'),
)?.[1];

const podsOf = async (lab: LabNamespace) =>
  Object.fromEntries(
    await Promise.all(
      ['client', 'server', 'otel-collector', 'jaeger'].map(async (app) => [
        app,
        await lab.podOf(app),
      ]),
    ),
  ) as Record<string, string>;

/** The solution over a running exercise: everything that changed rolls, traces reach Jaeger. */
async function expectConverged(lab: LabNamespace, before: Record<string, string>) {
  const after = await podsOf(lab);
  for (const app of ['client', 'server', 'otel-collector'])
    expect(after[app]).not.toBe(before[app]);
  expect(after.jaeger).toBe(before.jaeger);
  const mounted = await lab.kubectl([
    'get',
    'pod',
    after['otel-collector'] as string,
    '-o',
    'jsonpath={.spec.volumes[?(@.name=="config")].configMap.name}',
  ]);
  expect(mounted).toMatch(/^otel-collector-config-[a-z0-9]{10}$/);
  const iteration = await waitFor(
    'a complete client -> server trace in Jaeger',
    async () => completeIterations(await lab.jaeger.traces('client', { limit: 50 }))[0],
    30_000,
  );
  expect(iteration.serverSpan.operationName).toBe('GET /hello');
}

describe('kubectl apply -k of the solution over a running exercise', () => {
  const lab = useLabNamespace(() => overlayDir('exercise'));

  it('rolls client, server and the Collector (hash-suffixed ConfigMap) by itself; traces reach Jaeger', async () => {
    const before = await podsOf(lab);
    const applied = await lab.apply('-k', overlayDir('solution'));
    expect(applied).toMatch(/^configmap\/otel-collector-config-[a-z0-9]{10} created$/m);
    for (const app of ['client', 'server', 'otel-collector'])
      expect(applied).toMatch(new RegExp(`^deployment\\.apps/${app} configured$`, 'm'));
    await expectConverged(lab, before);
  }, 120_000);
});

describe(`${README}'s server-side apply of the solution over a client-side-applied exercise`, () => {
  const lab = useLabNamespace(() => overlayDir('exercise'));

  it('succeeds without --force-conflicts, rolls what changed, and traces reach Jaeger', async () => {
    expect(
      documented,
      `${README}: no "kubectl apply --server-side ... -n <ns>" line`,
    ).toBeDefined();
    const args = (documented as string)
      .split(' ')
      .map((arg) => (arg.startsWith('kustomize/') ? join(repoRoot, arg) : arg));
    expect(args).not.toContain('--force-conflicts');
    const before = await podsOf(lab);
    const applied = await lab.apply(...args.slice(1)); // after `apply`
    expect(applied).toMatch(/^deployment\.apps\/otel-collector serverside-applied$/m);
    const endpoint = await lab.kubectl([
      'get',
      'deployment',
      'client',
      '-o',
      'jsonpath={.spec.template.spec.containers[0].env[?(@.name=="OTEL_EXPORTER_OTLP_ENDPOINT")].value}',
    ]);
    expect(endpoint).toBe('http://otel-collector:4317');
    await expectConverged(lab, before);
  }, 120_000);
});
