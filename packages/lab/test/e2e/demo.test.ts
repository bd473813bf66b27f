import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { kubectlFor } from '../../src/kube-cluster/kubectl.js';
import type { Made } from '../../src/kube-cluster/record.js';
import { clusterCli, FIRST_BUILD_TIMEOUT_MS, leftovers } from '../kubernetes/cluster-cli.js';
import { builtKubectl, stopSharedCluster } from '../kubernetes/shared-cluster.js';
import { lineOf, runDemoCli } from './demo-cli.js';

/** What `cluster up` wrote down so far (read while the demo runs: `down` removes the file). */
function madeSoFar(dir: string): Made[] {
  const file = join(dir, 'made.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Made);
}

const freshDir = () => mkdtempSync(join(tmpdir(), 'tracing-lab-demo-'));

/**
 * `tracing-lab demo` as a user runs it on a machine with no cluster: it starts its own. One
 * machine holds one cluster at a time, so this file first stops the one the other files share.
 */
describe('tracing-lab demo from scratch', () => {
  beforeAll(async () => {
    if (process.env.TRACING_LAB_TEST_KUBECONFIG)
      throw new Error(
        'this file starts clusters of its own: run it without TRACING_LAB_TEST_KUBECONFIG, with no other cluster on the machine',
      );
    await stopSharedCluster();
  }, 5 * 60_000);

  it(
    'starts a cluster, runs the solution, shows where to look, the first trace and a waterfall; Ctrl-C removes the cluster and all it made',
    async () => {
      const dir = freshDir();
      let made: Made[] = [];
      const run = await runDemoCli(['--port', '0'], {
        clusterDir: dir,
        interruptAt: /^client +ExecuteRequest +\|█/m,
        onOutput: (stdout) => {
          if (made.length === 0 && /^Cluster up in /m.test(stdout)) made = madeSoFar(dir);
        },
        timeoutMs: FIRST_BUILD_TIMEOUT_MS,
      });
      if (run.code !== 0) console.error(`${run.stdout}\n${run.stderr}`);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(
        `Starting a single-node Kubernetes in ${dir} (tracing-lab cluster up)...\n`,
      );
      expect(run.stdout).toMatch(/^ {2}control plane: etcd, kube-apiserver/m);
      expect(run.stdout).toMatch(
        /^Cluster up in \d+(\.\d)? s: node Ready, CoreDNS running, the project's images loaded\.$/m,
      );
      expect(run.stdout).toMatch(/^All pods Ready after \d+\.\d s\.$/m);
      expect(lineOf(run.stdout, /^KUBECONFIG=/)).toBe(`KUBECONFIG=${join(dir, 'kubeconfig')}`);
      expect(run.stdout).toMatch(/^ {2}kubectl -n tracing-lab-demo logs deploy\/otel-collector$/m);
      expect(run.stdout).toMatch(/^Jaeger UI: +http:\/\/127\.0\.0\.1:\d+\/$/m);
      const first = lineOf(run.stdout, /^First trace visible in Jaeger \d+\.\d s after start\.$/);
      expect(first).toBeDefined();
      console.log(`from scratch: ${first}`); // the number the README quotes
      expect(run.stdout).toMatch(/^trace [0-9a-f]{32}: \d+\.\d ms, \d+ spans, 2 services$/m);
      expect(run.stdout).toMatch(/^server +fetch-preferences +\|/m);
      expect(run.stdout).toContain(
        `Cluster removed: every process, mount, interface, iptables chain and file of ${dir}.`,
      );
      expect(made.length).toBeGreaterThan(0);
      expect(await leftovers(dir, made)).toEqual([]);
    },
    FIRST_BUILD_TIMEOUT_MS,
  );

  it(
    'removes everything at a Ctrl-C while the cluster is starting',
    async () => {
      const dir = freshDir();
      let made: Made[] = [];
      const run = await runDemoCli(['--port', '0'], {
        clusterDir: dir,
        interruptAt: /^ {2}node: containerd, kubelet, kube-proxy/m,
        onOutput: (stdout) => {
          if (made.length === 0 && /^ {2}node: /m.test(stdout)) made = madeSoFar(dir);
        },
        timeoutMs: 5 * 60_000,
      });
      expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
      expect(run.stdout).not.toContain('Cluster up in');
      expect(run.stdout).toMatch(/^Cluster removed: /m);
      expect(made.length).toBeGreaterThan(0);
      expect(await leftovers(dir, made)).toEqual([]);
    },
    6 * 60_000,
  );

  it(
    '--keep leaves the cluster and the stack running, and says how to stop it',
    async () => {
      const dir = freshDir();
      const run = await runDemoCli(['--keep', '--duration', '3', '--port', '0'], {
        clusterDir: dir,
        timeoutMs: 5 * 60_000,
      });
      const made = madeSoFar(dir);
      try {
        expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
        expect(run.stdout).toContain(
          `Stop it with: TRACING_LAB_CLUSTER_DIR=${dir} tracing-lab cluster down\n`,
        );
        const kubectl = kubectlFor(await builtKubectl(), join(dir, 'kubeconfig'));
        expect(await kubectl(['get', '--raw', '/readyz'])).toMatch(/^ok/);
        const ready = await kubectl([
          '-n',
          'tracing-lab-demo',
          'get',
          'deployments',
          '-o',
          'jsonpath={.items[*].status.readyReplicas}',
        ]);
        expect(ready.trim().split(' ')).toEqual(['1', '1', '1', '1']);
      } finally {
        const down = await clusterCli('down', dir);
        expect(down.code, down.stderr).toBe(0);
      }
      expect(await leftovers(dir, made)).toEqual([]);
    },
    6 * 60_000,
  );
});
