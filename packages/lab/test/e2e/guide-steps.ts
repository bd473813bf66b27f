import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type jaegerApi, tagOf } from '../../src/jaeger/query-api.js';
import type { Kubectl } from '../../src/kube-cluster/kubectl.js';
import { waitFor } from '../helpers.js';
import { runToEnd, type Shell } from './guide-shell.js';

/*
 * What guide.test.ts does around the guide's named blocks (```sh run=<name>): the edits a person
 * makes in an editor before the block, and what the guide says the block prints or leaves behind.
 */
function edit(file: string, from: RegExp | string, to: string) {
  const text = readFileSync(file, 'utf8');
  const edited = text.replace(from, to);
  if (edited === text) throw new Error(`${file}: ${from} not found`);
  writeFileSync(file, edited);
}

/** The edits the guide asks for in an editor, made before the block that applies them. */
export const EDITS: Record<string, (work: string) => void> = {
  // Q2: the Collector's Service, OTLP gRPC port, in both patches.
  'step2-redeploy': (work) => {
    for (const program of ['server', 'client'])
      edit(
        join(work, `kustomize/overlays/exercise/${program}-otlp-endpoint.yaml`),
        'value: http://xxx:123',
        'value: http://otel-collector:4317',
      );
  },
  // Q4 with Q7: step 4's hint, the exporter to Jaeger in plaintext, then in the traces pipeline.
  'step4-redeploy': (work) => {
    const config = join(work, 'kustomize/overlays/exercise/otel-collector-config.yaml');
    edit(
      config,
      '    verbosity: normal\n',
      '    verbosity: normal\n  otlp_grpc/jaeger:\n    endpoint: jaeger:4317\n    tls:\n      insecure: true\n',
    );
    edit(config, /(traces:\n(?:.*\n)*?\s+exporters: )\[debug\]/, '$1[debug, otlp_grpc/jaeger]');
  },
};

export interface Run {
  ns: string;
  shell: Shell;
  kubectl: Kubectl;
  jaeger?: ReturnType<typeof jaegerApi>;
}

const collectorPod = async ({ ns, kubectl }: Run) =>
  kubectl(['-n', ns, 'get', 'pods', '-l', 'app.kubernetes.io/name=otel-collector', '-o', 'name']);

/**
 * From a new Collector pod to spans of both programs in Jaeger: a few seconds, since the old pod
 * keeps serving during its preStop pause while the Service moves (kustomize/base/otel-collector);
 * the margin is for a busy machine.
 */
const JAEGER_AFTER_COLLECTOR_RESTART_MS = 60_000;

/** What the guide says the world looks like after a named block. */
export const CHECKS: Record<string, (run: Run, before: unknown) => Promise<void>> = {
  'own-namespace': async ({ ns, kubectl }) => {
    expect(await kubectl(['get', 'namespace', ns, '-o', 'jsonpath={.metadata.labels}'])).toContain(
      '"pod-security.kubernetes.io/enforce":"restricted"',
    );
  },
  // Q3: Jaeger runs, nothing sends it traces yet.
  'jaeger-tunnel': async ({ jaeger }) => {
    expect(await jaeger?.services()).not.toContain('client');
  },
  // Q5: the ConfigMap changed, the Collector pod did not, and Jaeger stays empty.
  'step4-redeploy': async (run, before) => {
    expect(await collectorPod(run)).toBe(before);
    expect(await run.jaeger?.services()).not.toContain('client');
  },
  // The redaction overlay: new server spans carry user_agent.original=redacted.
  'trace-tunnel': async ({ jaeger }) => {
    await waitFor(
      'a server span with user_agent.original=redacted in Jaeger',
      async () =>
        ((await jaeger?.traces('server', { limit: 500, lookback: '30s' })) ?? []).some((trace) =>
          trace.spans.some((span) => tagOf(span, 'user_agent.original') === 'redacted'),
        ),
      JAEGER_AFTER_COLLECTOR_RESTART_MS,
    );
  },
  // Troubleshooting: a second port-forward to a taken port fails with the message quoted.
  'forward-loop': async ({ shell }) => {
    const second = runToEnd(
      shell,
      'a second port-forward',
      'kubectl port-forward svc/jaeger 16686',
      30_000,
    );
    await expect(second).rejects.toThrow(/unable to listen on port 16686/i);
  },
  'step4-restart': async ({ jaeger }) => {
    const services = await waitFor(
      'client and server in Jaeger',
      async () => {
        const found = (await jaeger?.services()) ?? [];
        return found.includes('client') && found.includes('server') && found;
      },
      JAEGER_AFTER_COLLECTOR_RESTART_MS,
    );
    expect(services).toEqual(expect.arrayContaining(['client', 'server']));
  },
};
export const BEFORE: Record<string, (run: Run) => Promise<unknown>> = {
  'step4-redeploy': collectorPod,
};

/**
 * What the guide says a block prints. A block that only reads (`kubectl logs`/`get`) is run
 * again until it does, for up to `withinMs`, as a person looks again a few seconds later.
 */
export const OUTPUTS: Record<string, { shows: RegExp[]; lacks?: RegExp; withinMs: number }> = {
  'step1-logs': {
    shows: [/\[telemetry\] \w+ export to http:\/\/xxx:123 failed: DNS name not resolved/],
    withinMs: 30_000,
  },
  'step2-logs': {
    shows: [/listening on http:\/\/0\.0\.0\.0:8080/, /calling http:\/\/server:8080\/hello/],
    lacks: /\[telemetry\].*failed|Found 2 pods/,
    withinMs: 60_000,
  },
  'collector-logs': {
    shows: [
      /ResourceTraces #\d+ .*service\.name=server\b/,
      /ResourceMetrics #\d+ .*service\.name=client\b/,
    ],
    withinMs: 30_000,
  },
  'step3-jaeger': {
    shows: [/Everything is ready\. Begin running and processing data\./],
    withinMs: 0,
  },
  'step4-logs': { shows: [/ResourceTraces #\d+/], lacks: /Exporting failed/, withinMs: 30_000 },
  'span-metrics-logs': { shows: [/traces\.span\.metrics\.duration\{/], withinMs: 60_000 },
  // A waterfall; its server spans may be missing when they were lost in a Collector rollout.
  trace: {
    shows: [/^trace [0-9a-f]{32}: [\d.]+ ms, \d+ spans?/m, /^client +ExecuteRequest /m],
    withinMs: 0,
  },
};

/** The namespace's pods and the last lines of each program, to tell why a check failed. */
export async function stateOf({ ns, kubectl }: Run): Promise<string> {
  const parts = [await kubectl(['-n', ns, 'get', 'pods', '-o', 'wide']).catch(String)];
  for (const name of ['client', 'server', 'otel-collector', 'jaeger'])
    parts.push(
      `--- ${name}\n${await kubectl(['-n', ns, 'logs', `deploy/${name}`, '--tail=8']).catch(String)}`,
    );
  return parts.join('\n');
}
