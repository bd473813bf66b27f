import { describe, expect, it } from 'vitest';
import { tagOf } from '../../src/jaeger/query-api.js';
import { waitFor } from '../helpers.js';
import { overlayDir, useLabNamespace } from './lab-namespace.js';
import { completeIterations, traceDuration } from './trace-shape.js';

const HOTSPOT_SPAN = 'fetch-preferences'; // packages/server/src/preferences-store.ts

describe('the solution overlay, applied with kubectl into a namespace of a real cluster', () => {
  const lab = useLabNamespace(() => overlayDir('solution'));

  it('shows within 30 s a trace: ExecuteRequest -> client CLIENT span -> server SERVER span', async () => {
    const { root, clientCall, serverSpan, trace } = await waitFor(
      'a complete client -> server trace in Jaeger',
      async () => completeIterations(await lab.jaeger.traces('client', { limit: 50 }))[0],
      30_000 - (Date.now() - lab.startedAt), // counted from `kubectl apply`
    );
    expect(clientCall.references).toContainEqual(
      expect.objectContaining({ refType: 'CHILD_OF', spanID: root.spanID }),
    );
    expect(serverSpan.references).toContainEqual(
      expect.objectContaining({
        refType: 'CHILD_OF',
        spanID: clientCall.spanID,
        traceID: trace.traceID,
      }),
    );
    // What the guide has attendees look for in the span's Tags.
    expect(tagOf(serverSpan, 'server-attribute')).toBe('foo');
    expect(tagOf(serverSpan, 'baggage.method')).toBe('repl');
    expect(tagOf(serverSpan, 'baggage.client')).toBe('cli');
    expect(tagOf(serverSpan, 'http.request.method')).toBe('GET');
    expect(tagOf(serverSpan, 'http.route')).toBe('/hello');
    expect(serverSpan.operationName).toBe('GET /hello');
    expect(tagOf(serverSpan, 'network.protocol.version')).toBe('1.1');
    expect(tagOf(serverSpan, 'client.address')).toEqual(expect.stringMatching(/^[\d.]+$/));
    expect(tagOf(clientCall, 'url.full')).toBe('http://server:8080/hello');
    expect(tagOf(clientCall, 'http.response.status_code')).toBe(200);
    // The downward API's values reach the spans through OTEL_RESOURCE_ATTRIBUTES and $(VAR).
    const serverProcess = trace.processes[serverSpan.processID];
    expect(serverProcess?.tags).toContainEqual(
      expect.objectContaining({ key: 'k8s.pod.name', value: await lab.podOf('server') }),
    );
    expect(serverProcess?.tags).toContainEqual(
      expect.objectContaining({ key: 'k8s.namespace.name', value: lab.ns }),
    );
    const node = await lab.kubectl([
      'get',
      'pod',
      await lab.podOf('server'),
      '-o',
      'jsonpath={.spec.nodeName}',
    ]);
    expect(serverProcess?.tags).toContainEqual(
      expect.objectContaining({ key: 'k8s.node.name', value: node }),
    );
    const clientProcess = trace.processes[clientCall.processID];
    expect(clientProcess?.tags).toContainEqual(
      expect.objectContaining({ key: 'k8s.pod.name', value: await lab.podOf('client') }),
    );
    expect(clientProcess?.tags).toContainEqual(
      expect.objectContaining({ key: 'k8s.namespace.name', value: lab.ns }),
    );
    // The SDK's default resource, merged with the detectors: one instance id per process.
    const keys = (serverProcess?.tags ?? []).map((tag) => tag.key);
    expect(keys).toEqual(
      expect.arrayContaining(['telemetry.sdk.name', 'telemetry.sdk.version', 'process.pid']),
    );
    const instanceOf = (span: typeof serverSpan) =>
      trace.processes[span.processID]?.tags.find((tag) => tag.key === 'service.instance.id')?.value;
    expect(instanceOf(serverSpan)).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
    expect(instanceOf(clientCall)).not.toBe(instanceOf(serverSpan));
  }, 40_000);

  it('draws the service graph client -> server', async () => {
    const links = await waitFor('client -> server in /api/dependencies', async () => {
      const all = await lab.jaeger.dependencies();
      return all.some((l) => l.parent === 'client' && l.child === 'server') && all;
    });
    expect(links).toContainEqual(expect.objectContaining({ parent: 'client', child: 'server' }));
  }, 30_000);

  it("prints metrics of both services in the Collector's debug output", async () => {
    const log = await waitFor('metrics of client and server', async () => {
      const text = await lab.logs('otel-collector');
      return (
        /ResourceMetrics #\d+ .*\bservice\.name=client\b/.test(text) &&
        /ResourceMetrics #\d+ .*\bservice\.name=server\b/.test(text) &&
        text
      );
    });
    expect(log).toMatch(/http\.server\.request\.duration\{/);
    expect(log).toMatch(/http\.client\.request\.duration\{/);
  }, 30_000);

  it('answers the latency question: durations differ 10x, the slow part is the hotspot span', async () => {
    const iterations = await waitFor(
      '20 complete traces',
      async () => {
        const found = completeIterations(await lab.jaeger.traces('client', { limit: 100 }));
        return found.length >= 20 && found;
      },
      90_000,
    );
    const byDuration = [...iterations].sort(
      (a, b) => traceDuration(a.trace) - traceDuration(b.trace),
    );
    const fastest = byDuration[0] as (typeof byDuration)[number];
    const slowest = byDuration.at(-1) as (typeof byDuration)[number];
    expect(traceDuration(slowest.trace)).toBeGreaterThanOrEqual(10 * traceDuration(fastest.trace));
    const longest = [...slowest.serverChildren].sort((a, b) => b.duration - a.duration)[0];
    expect(longest?.operationName).toBe(HOTSPOT_SPAN);
    // The hotspot is not merely the longest part: it is nearly all of the slow trace.
    const hotspot = longest as NonNullable<typeof longest>;
    expect(hotspot.duration).toBeGreaterThanOrEqual(0.8 * traceDuration(slowest.trace));
    // Nothing on it gives the answer away: the attendee finds it by its duration alone.
    expect(hotspot.tags.map((tag) => tag.key).filter((key) => /hotspot|delay/.test(key))).toEqual(
      [],
    );
  }, 100_000);

  it('keeps every container running and ready: no restart', async () => {
    const pods = await lab.pods();
    expect(pods.map((pod) => pod.app).sort()).toEqual([
      'client',
      'jaeger',
      'otel-collector',
      'server',
    ]);
    for (const pod of pods)
      for (const { ready, restartCount } of pod.containers)
        expect({ pod: pod.app, ready, restartCount }).toEqual({
          pod: pod.app,
          ready: true,
          restartCount: 0,
        });
  });
});
