import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIRST_BUILD_TIMEOUT_MS } from '../kubernetes/cluster-cli.js';
import { sharedCluster, type TestCluster } from '../kubernetes/shared-cluster.js';
import { lineOf, runDemoCli } from './demo-cli.js';

const NS = 'tracing-lab-demo';

/** `tracing-lab demo` where a cluster already runs in TRACING_LAB_CLUSTER_DIR: it uses that one. */
describe('tracing-lab demo on a cluster already running', () => {
  let cluster: TestCluster;
  let dir: string;
  const namespaceGone = async () =>
    (await cluster.kubectl(['get', 'namespace', NS, '--ignore-not-found', '-o', 'name'])) === '';

  beforeAll(async () => {
    cluster = await sharedCluster();
    dir = dirname(cluster.kubeconfig);
  }, FIRST_BUILD_TIMEOUT_MS);

  it('runs the solution in its own namespace, says where to look, shows the first trace and a waterfall, then removes only that namespace', async () => {
    const busy = createServer().listen(0, '127.0.0.1');
    await once(busy, 'listening');
    const busyPort = (busy.address() as { port: number }).port;
    const run = await runDemoCli(['--port', String(busyPort)], {
      clusterDir: dir,
      interruptAt: /^client +ExecuteRequest +\|█/m,
      timeoutMs: 120_000,
    });
    busy.close();
    if (run.code !== 0) console.error(`${run.stdout}\n${run.stderr}`);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Using the cluster already running in ${dir} `);
    expect(run.stdout).not.toContain('Starting a single-node Kubernetes');
    expect(run.stdout).toMatch(
      /^kubectl apply -k kustomize\/overlays\/solution -n tracing-lab-demo$/m,
    );
    expect(run.stdout).toMatch(/^ {2}deployment\.apps\/otel-collector created$/m);
    expect(run.stdout).toMatch(/^All pods Ready after \d+\.\d s\.$/m);
    expect(lineOf(run.stdout, /^KUBECONFIG=/)).toBe(`KUBECONFIG=${cluster.kubeconfig}`);
    expect(run.stdout).toContain(
      `  export KUBECONFIG=${cluster.kubeconfig} PATH=${dirname(cluster.kubectlPath)}:$PATH\n`,
    );
    for (const command of ['get pods', 'logs deploy/otel-collector', 'port-forward svc/jaeger'])
      expect(run.stdout).toContain(`  kubectl -n ${NS} ${command}`);
    const moved = new RegExp(
      `^Port ${busyPort} is busy: Jaeger is forwarded to port (\\d+) instead\\.$`,
      'm',
    );
    const port = Number(moved.exec(run.stdout)?.[1]);
    expect(port).toBeGreaterThan(0);
    expect(run.stdout).toContain(`Jaeger UI:        http://127.0.0.1:${port}/\n`);
    expect(run.stdout).toContain(
      `Jaeger query API: http://127.0.0.1:${port}/api/traces?service=client&limit=20\n`,
    );
    expect(run.stdout).toMatch(/^First trace visible in Jaeger \d+\.\d s after start\.$/m);
    expect(run.stdout).toMatch(/^trace [0-9a-f]{32}: \d+\.\d ms, \d+ spans, 2 services$/m);
    expect(run.stdout).toMatch(/^server +fetch-preferences +\|/m);
    expect(run.stdout).toMatch(
      /^Namespace tracing-lab-demo removed; the cluster keeps running, as it was before the demo\.$/m,
    );
    expect(await namespaceGone()).toBe(true);
    expect(await cluster.kubectl(['get', '--raw', '/readyz'])).toMatch(/^ok/);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow(); // port-forward stopped
  }, 180_000);

  it('runs the exercise and shows the export error its pods log', async () => {
    const run = await runDemoCli(['--overlay', 'exercise', '--port', '0'], {
      clusterDir: dir,
      interruptAt: /^Nothing reaches Jaeger/m,
      timeoutMs: 120_000,
    });
    if (run.code !== 0) console.error(`${run.stdout}\n${run.stderr}`);
    expect(run.code).toBe(0);
    for (const pod of ['client', 'server'])
      expect(run.stdout).toMatch(
        new RegExp(
          `^${pod} logs \\(\\d+\\.\\d s after start\\): \\[telemetry\\] traces export to http://xxx:123 failed: DNS name not resolved$`,
          'm',
        ),
      );
    expect(run.stdout).not.toContain('First trace');
    expect(await namespaceGone()).toBe(true);
  }, 180_000);

  it('stops at the first Ctrl-C while the overlay is being applied, and removes its namespace', async () => {
    const run = await runDemoCli(['--port', '0'], {
      clusterDir: dir,
      interruptAt: /^kubectl apply -k/m,
      timeoutMs: 60_000,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('All pods Ready');
    expect(run.stdout).toMatch(/^Namespace tracing-lab-demo removed; /m);
    expect(await namespaceGone()).toBe(true);
  }, 120_000);

  it('stops waiting for the pods to go at a second Ctrl-C, exit code 130, the namespace still deleted', async () => {
    const run = await runDemoCli(['--port', '0'], {
      clusterDir: dir,
      interruptAt: /^Press Ctrl-C to stop\.$/m,
      twice: /^Stopping\.\.\.$/m,
      timeoutMs: 60_000,
    });
    expect(run.code, run.stderr).toBe(130);
    expect(run.stdout).toMatch(/^Namespace tracing-lab-demo is being removed; /m);
    const phase = await cluster.kubectl([
      'get',
      'namespace',
      NS,
      '--ignore-not-found',
      '-o',
      'jsonpath={.status.phase}',
    ]);
    expect(['', 'Terminating']).toContain(phase);
  }, 120_000);
});

describe('tracing-lab demo while another cluster holds the machine', () => {
  it(
    'refuses in one line, exit code 2, and leaves that cluster alone',
    async () => {
      const cluster = await sharedCluster();
      const parent = mkdtempSync(join(tmpdir(), 'tracing-lab-demo-'));
      const dir = join(parent, 'cluster');
      const run = await runDemoCli(['--port', '0'], { clusterDir: dir, timeoutMs: 60_000 });
      rmSync(parent, { recursive: true, force: true });
      expect(run.code).toBe(2);
      expect(run.stderr.trimEnd()).toBe(
        'tracing-lab: interface tlab0 exists: another tracing-lab cluster runs on this machine',
      );
      expect(existsSync(dir)).toBe(false);
      expect(await cluster.kubectl(['get', '--raw', '/readyz'])).toMatch(/^ok/);
    },
    FIRST_BUILD_TIMEOUT_MS,
  );
});

describe('tracing-lab demo, bad input', () => {
  it.each([
    [['--overlay', 'nope'], /^tracing-lab: --overlay nope: use solution or exercise$/],
    [['--port', 'x'], /^tracing-lab: --port x: a TCP port is expected$/],
    [['--duration', '0'], /^tracing-lab: --duration 0: a number of seconds is expected$/],
    [['--nope'], /^tracing-lab: Unknown option '--nope'/],
  ])(
    'rejects demo %j with one line and exit code 2',
    async (args, line) => {
      const run = await runDemoCli(args, { timeoutMs: 30_000 });
      expect(run.code).toBe(2);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr.trimEnd()).toMatch(line);
      expect(run.stdout).toBe('');
    },
    40_000,
  );
});
