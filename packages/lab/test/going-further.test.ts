import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JaegerTrace, jaegerApi } from '../src/jaeger/query-api.js';
import * as fixtures from './binaries-fixtures.js';
import { waitFor } from './helpers.js';
import { startCollector, startJaeger } from './loopback-stack.js';
import { sendTraces, type TraceSpec } from './send-traces.js';

/*
 * Each going-further overlay (kustomize/components/* on top of the solution), shown doing what
 * the guide says with the real Collector and Jaeger: the Collector runs the config files the
 * overlay renders, receives traces over OTLP gRPC and exports them to Jaeger, whose query API
 * tells what arrived. Every test sends under a service name of its own.
 */

let binaries: Awaited<ReturnType<typeof fixtures.sharedBinaries>>;
let jaeger: Awaited<ReturnType<typeof startJaeger>>;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  binaries = await fixtures.sharedBinaries();
  const jaegerConfig = fixtures.configFiles(fixtures.renderOverlay('solution'), 'jaeger');
  jaeger = await startJaeger(
    binaries.jaeger,
    jaegerConfig.map((f) => f.text),
  );
  stops.push(jaeger.stop);
}, fixtures.BUILD_TIMEOUT_MS);
afterAll(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

async function collectorFor(overlay: string) {
  const configs = fixtures.collectorConfigFiles(fixtures.renderOverlay(overlay));
  const collector = await startCollector(
    binaries.otelcol,
    configs.map((f) => f.text),
    jaeger.otlpGrpc,
  );
  stops.push(collector.stop);
  return collector;
}

const service = (what: string) => `${what}-${randomUUID().slice(0, 8)}`;
const repeat = (n: number, spec: TraceSpec) => Array.from({ length: n }, () => spec);

/** Trace ids Jaeger holds for a service (an unknown service is an empty list). */
async function storedTraces(name: string): Promise<JaegerTrace[]> {
  return jaegerApi(jaeger.queryUrl).traces(name, { limit: 1000 });
}

describe('the solution Collector (exercise step 2, the debug exporter)', () => {
  it('logs a Traces line per batch, then one line per span', async () => {
    const collector = await collectorFor('solution');
    const name = service('debug-output');
    const ids = await sendTraces(collector.otlpGrpc, name, repeat(3, { serverMs: 20, childMs: 5 }));
    const spansInHeadings = () =>
      [...collector.output().matchAll(/\tTraces\t.*"spans": (\d+)\}/g)].reduce(
        (sum, m) => sum + Number(m[1]),
        0,
      );
    await waitFor('Traces lines counting the 6 spans', () => spansInHeadings() === 6);
    await waitFor('one line per span', () =>
      ids.every(
        (id) =>
          collector
            .output()
            .split('\n')
            .filter((l) => l.includes(id)).length === 2,
      ),
    );
  }, 30_000);
});

describe('tail sampling (overlays/tail-sampling)', () => {
  it('keeps every error and slow trace, drops most fast ones, and keeps traces whole', async () => {
    const collector = await collectorFor('tail-sampling');
    const name = service('tail-sampling');
    const fast = await sendTraces(
      collector.otlpGrpc,
      name,
      repeat(40, { serverMs: 20, childMs: 10 }),
    );
    const slow = await sendTraces(
      collector.otlpGrpc,
      name,
      repeat(5, { serverMs: 900, childMs: 850 }),
    );
    const failed = await sendTraces(
      collector.otlpGrpc,
      name,
      repeat(5, { serverMs: 20, childMs: 10, error: true }),
    );
    // The processor waits decision_wait (10 s) after a trace's first span before deciding.
    const kept = await waitFor(
      'every slow and error trace in Jaeger',
      async () => {
        const traces = await storedTraces(name);
        const ids = traces.map((t) => t.traceID);
        return [...slow, ...failed].every((id) => ids.includes(id)) && traces;
      },
      40_000,
    );
    for (const t of kept) expect(t.spans).toHaveLength(2);
    const keptFast = kept.filter((t) => fast.includes(t.traceID));
    // 10 % of 40 by the probabilistic policy: 4 expected, 16 or more has odds below one in a million.
    expect(keptFast.length).toBeLessThan(16);
    expect(kept.length).toBe(slow.length + failed.length + keptFast.length);
  }, 60_000);
});

describe('span metrics (overlays/span-metrics)', () => {
  it('prints request, error and duration figures per span, and still sends every trace to Jaeger', async () => {
    const collector = await collectorFor('span-metrics');
    const name = service('span-metrics');
    const ids = await sendTraces(collector.otlpGrpc, name, [
      ...repeat(4, { serverMs: 30, childMs: 10 }),
      { serverMs: 30, childMs: 10, error: true },
    ]);
    // One flush every 10 s (metrics_flush_interval); counts are cumulative.
    const resource = new RegExp(`ResourceMetrics #\\d+ service.name=${name}\\b[^]*?(?=Resource|$)`);
    const block = await waitFor(
      'span metrics of the service',
      () => {
        const found = collector.output().match(resource)?.[0];
        return found?.includes('traces.span.metrics.duration') && found;
      },
      30_000,
    );
    // Requests and errors: the histogram's count per status code. (The debug exporter's short
    // format prints the calls counter as 0 at this release; the histogram counts are right.)
    const series = (span: string, status: string) =>
      new RegExp(
        `^traces\\.span\\.metrics\\.duration\\{[^}]*span\\.name=${span},[^}]*status\\.code=STATUS_CODE_${status},[^}]*\\} count=(\\d+) sum=(\\d+)`,
        'm',
      )
        .exec(block)
        ?.slice(1)
        .map(Number);
    expect(series('GET /hello', 'UNSET')).toEqual([4, 4 * 30]);
    expect(series('GET /hello', 'ERROR')).toEqual([1, 30]);
    expect(series('lookup', 'UNSET')).toEqual([4, 4 * 10]);
    expect(block).toMatch(/^traces\.span\.metrics\.calls\{/m);
    const stored = await waitFor('the traces in Jaeger', async () => {
      const traces = await storedTraces(name);
      return traces.length === ids.length && traces;
    });
    expect(stored.map((t) => t.traceID).sort()).toEqual([...ids].sort());
  }, 60_000);
});

describe('redaction (overlays/redaction)', () => {
  it('Jaeger stores user_agent.original as "redacted", other attributes untouched', async () => {
    const collector = await collectorFor('redaction');
    const name = service('redaction');
    const [id] = await sendTraces(collector.otlpGrpc, name, [
      {
        serverMs: 20,
        childMs: 5,
        attributes: { 'user_agent.original': 'curl/8.5.0 alice@example.org' },
      },
    ]);
    const [stored] = await waitFor('the trace in Jaeger', () =>
      storedTraces(name).then((t) => t.length > 0 && t),
    );
    expect(stored?.traceID).toBe(id);
    const server = stored?.spans.find((s) => s.operationName === 'GET /hello');
    const tag = (key: string) => server?.tags.find((t) => t.key === key)?.value;
    expect(tag('user_agent.original')).toBe('redacted');
    expect(tag('http.route')).toBe('/hello');
    expect(collector.output()).not.toContain('alice@example.org');
  }, 30_000);
});
