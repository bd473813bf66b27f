import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { qualifiedRef } from '../../../packages/lab/src/container-images/index.js';
import { jaegerApi, type Render, renderOverlay } from '../../../packages/lab/src/index.js';
import { addressOf, eventually, runAsManifest, Sandbox, stopTimed } from './containers.js';
import { repoRoot } from './global-setup.js';

const refs = inject('imageRefs');
const image = (component: keyof typeof refs) => qualifiedRef(refs[component]);
const stopTimes: Record<string, number> = {};
afterAll(() => console.log(`stop times after SIGTERM (s): ${JSON.stringify(stopTimes)}`));

describe('the images, run as the solution overlay runs them', () => {
  const sandbox = new Sandbox();
  let render: Render;
  const names: Record<string, string> = {};
  beforeAll(async () => {
    render = await renderOverlay(join(repoRoot, 'kustomize/overlays/solution'));
    await sandbox.createNetwork();
    for (const component of ['jaeger', 'otel-collector', 'server', 'client'] as const) {
      names[component] = await runAsManifest({
        render,
        component,
        image: image(component),
        sandbox,
      });
    }
  });
  afterAll(() => sandbox.cleanup());

  it('the server answers /healthz and /hello', async () => {
    const server = await addressOf(names.server as string, sandbox);
    const health = await eventually(
      () => fetch(`http://${server}:8080/healthz`).then((r) => (r.ok ? r : undefined)),
      30_000,
      'no /healthz answer',
    );
    expect(health.status).toBe(200);
    const hello = await fetch(`http://${server}:8080/hello`);
    expect(hello.status).toBe(200);
  });

  it('the client reaches the server by name, and the trace reaches Jaeger through the Collector', async () => {
    const jaeger = jaegerApi(`http://${await addressOf(names.jaeger as string, sandbox)}:16686`);
    const trace = await eventually(
      async () => {
        const traces = await jaeger.traces('client', { limit: 20 });
        return traces.find((t) =>
          Object.values(t.processes).some((p) => p.serviceName === 'server'),
        );
      },
      60_000,
      'no trace with client and server spans in Jaeger',
    );
    const services = new Set(Object.values(trace.processes).map((p) => p.serviceName));
    expect(services).toEqual(new Set(['client', 'server']));
    const serverSpan = trace.spans.find(
      (s) => trace.processes[s.processID]?.serviceName === 'server',
    );
    expect(serverSpan?.references.some((r) => r.refType === 'CHILD_OF')).toBe(true);
  });

  it.each(['client', 'server', 'otel-collector', 'jaeger'])(
    '%s stops within 5 s of SIGTERM, exit code 0',
    async (component) => {
      const { seconds, exitCode } = await stopTimed(names[component] as string);
      stopTimes[component] = Math.round(seconds * 10) / 10;
      expect(exitCode).toBe(0);
      expect(seconds).toBeLessThan(5);
    },
  );
});

describe('the server and client, when the Collector name does not resolve', () => {
  const sandbox = new Sandbox();
  let render: Render;
  beforeAll(async () => {
    render = await renderOverlay(join(repoRoot, 'kustomize/overlays/solution'));
    await sandbox.createNetwork();
  });
  afterAll(() => sandbox.cleanup());

  // A nameserver address on the test's own network that nobody answers on: every lookup hangs
  // until the resolver gives up, the way a broken cluster DNS behaves. Each program first makes
  // telemetry to flush, so that shutdown has an export (and a lookup) to finish.
  it.each(['server', 'client'] as const)(
    '%s still stops within 5 s of SIGTERM, exit code 0',
    async (component) => {
      const name = await runAsManifest({
        render,
        component,
        image: image(component),
        sandbox,
        dns: `${sandbox.subnetPrefix}250`,
      });
      if (component === 'server') {
        const server = await addressOf(name, sandbox);
        await eventually(
          () => fetch(`http://${server}:8080/hello`).then((r) => (r.ok ? r : undefined)),
          30_000,
          'no /hello answer',
        );
      } else {
        // the client starts a traced call every second, each stuck resolving `server`
        await new Promise((resolve) => setTimeout(resolve, 3000));
      }
      const { seconds, exitCode } = await stopTimed(name);
      stopTimes[`${component} (Collector name unresolvable)`] = Math.round(seconds * 10) / 10;
      expect(exitCode).toBe(0);
      expect(seconds).toBeLessThan(5);
    },
  );
});
