import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jaegerApi } from '../src/jaeger/query-api.js';
import * as fixtures from './binaries-fixtures.js';
import { runLab, waitFor } from './helpers.js';
import { startCollector, startJaeger } from './loopback-stack.js';
import { sendTraces } from './send-traces.js';

/*
 * `tracing-lab trace` as a user runs it, against the real Jaeger holding traces that went
 * through the real Collector (solution config) over OTLP gRPC.
 */

function tracingLab(args: string[]) {
  return runLab(['trace', ...args]);
}

const stops: (() => Promise<void>)[] = [];
let url: string;
let ids: string[];

beforeAll(async () => {
  const { otelcol, jaeger: jaegerBin } = await fixtures.sharedBinaries();
  const solution = fixtures.renderOverlay('solution');
  const jaeger = await startJaeger(
    jaegerBin,
    fixtures.configFiles(solution, 'jaeger').map((f) => f.text),
  );
  stops.push(jaeger.stop);
  const collector = await startCollector(
    otelcol,
    fixtures.collectorConfigFiles(solution).map((f) => f.text),
    jaeger.otlpGrpc,
  );
  stops.push(collector.stop);
  url = jaeger.queryUrl;
  ids = await sendTraces(collector.otlpGrpc, 'waterfall-test', [
    { serverMs: 40, childMs: 10 },
    { serverMs: 1000, childMs: 500, error: true },
    { serverMs: 80, childMs: 60 },
    // Ended long enough ago for every service to have exported its spans: whole for sure.
    { serverMs: 300, childMs: 150, endedMsAgo: 20_000 },
  ]);
  await waitFor('the four traces in Jaeger', async () => {
    const traces = await jaegerApi(url).traces('waterfall-test');
    return traces.length === 4 && traces.every((t) => t.spans.length === 2);
  });
}, fixtures.BUILD_TIMEOUT_MS);
afterAll(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

describe('tracing-lab trace', () => {
  it('without an id, prints the slowest of the traces every service has had time to export', async () => {
    const run = await tracingLab(['--url', url]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [header, root, child] = run.stdout.trimEnd().split('\n');
    expect(header).toBe(`trace ${ids[3]}: 300.0 ms, 2 spans, 1 service`);
    expect(root).toMatch(
      /^waterfall-test {2}GET \/hello {2}\|█{40}\| {2}300\.0 ms {2}http\.request\.method=GET/,
    );
    expect(child).toMatch(/^waterfall-test {4}lookup {4}\|█{20} {20}\| {2}150\.0 ms$/);
  });

  it('with an id, prints that trace: spans under their parent, bars on its time line, errors', async () => {
    const run = await tracingLab([ids[1] as string, '--url', url]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [header, root, child, ...rest] = run.stdout.trimEnd().split('\n');
    expect(rest).toEqual([]);
    expect(header).toBe(`trace ${ids[1]}: 1000.0 ms, 2 spans, 1 service`);
    // Root bar spans the whole width; the child, indented under it, half of it.
    expect(root).toMatch(
      /^waterfall-test {2}GET \/hello {2}\|█{40}\| {2}1000\.0 ms {2}ERROR http\.request\.method=GET http\.route=\/hello http\.response\.status_code=500$/,
    );
    expect(child).toMatch(/^waterfall-test {4}lookup {4}\|█{20} {20}\| {3}500\.0 ms {2}ERROR$/);
  });

  it('scales bars to the trace shown', async () => {
    const run = await tracingLab([ids[2] as string, '--url', url]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`trace ${ids[2]}: 80.0 ms, 2 spans, 1 service`);
    expect(lines[2]).toMatch(/^waterfall-test {4}lookup {4}\|█{30} {10}\| {2}60\.0 ms$/);
  });

  it.each([
    [
      ['--url', 'nope'],
      2,
      /^tracing-lab: --url nope: a URL such as http:\/\/127\.0\.0\.1:16686 is expected$/,
    ],
    [['not-hex'], 2, /^tracing-lab: not-hex: a trace id is 1 to 32 hexadecimal digits$/],
    [
      ['--lookback', 'soon'],
      2,
      /^tracing-lab: --lookback soon: a duration such as 15m or 2h is expected$/,
    ],
    [
      ['0123456789abcdef0123456789abcdef'],
      1,
      /^tracing-lab: trace 0123456789abcdef0123456789abcdef not found in Jaeger at http:\/\/127\.0\.0\.1:\d+$/,
    ],
  ])('rejects %j with one line and exit code %i', async (args, code, line) => {
    const run = await tracingLab([...args, ...(args.includes('--url') ? [] : ['--url', url])]);
    expect(run.code).toBe(code);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr.trimEnd()).toMatch(line);
    expect(run.stdout).toBe('');
  });

  it('says how to reach Jaeger when nothing answers', async () => {
    const run = await tracingLab(['--url', 'http://127.0.0.1:9']);
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd()).toMatch(
      /^tracing-lab: cannot query Jaeger at http:\/\/127\.0\.0\.1:9 \(.+\); is `kubectl port-forward svc\/jaeger 16686` running\?$/,
    );
  });
});
