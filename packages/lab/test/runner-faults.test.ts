import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ClusterEvent, startCluster } from '../src/cluster.js';
import { listNamespaces } from '../src/network.js';
import { parseRender } from '../src/render.js';
import { sweepLeftovers } from '../src/sweeper.js';
import { fixture, nodeOnlyPrograms, waitFor } from './helpers.js';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const deployment = (container: string, podSecurity = '') =>
  parseRender(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: app}
spec:
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec:
      ${podSecurity}
      containers:
        - ${container}
`);

describe('restartPolicy Always', () => {
  it('restarts an exiting container with back-off, and one that fails its liveness probe', async () => {
    const events: ClusterEvent[] = [];
    const cluster = await startCluster(fixture('restarts.yaml'), {
      programs: nodeOnlyPrograms,
      backoff: { initialMs: 200, maxMs: 1000 },
      onEvent: (event) => events.push(event),
    });
    try {
      await waitFor(
        '3 restarts of the crasher',
        () => (cluster.pod('crasher').containers()[0]?.restartCount ?? 0) >= 3,
      );
      expect(cluster.logs('crasher').match(/^up$/gm)?.length).toBeGreaterThanOrEqual(3);
      await waitFor(
        'a liveness restart',
        () => (cluster.pod('unhealthy').containers()[0]?.restartCount ?? 0) >= 1,
      );
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'liveness-failed', container: 'web' }),
      );
      expect(cluster.pod('crasher').containers()[0]?.lastExit).toBe('exit code 3');
    } finally {
      await cluster.stop();
    }
  }, 40_000);
});

describe('manifests the runner cannot honour fail with one clear line, leaving nothing behind', () => {
  const cases: [string, ReturnType<typeof parseRender>, RegExp][] = [
    [
      'an unknown image',
      deployment('{name: c, image: "busybox:1.36"}'),
      /image busybox:1\.36 has no local program/,
    ],
    [
      'runAsNonRoot with root',
      deployment('{name: c, image: "node:24"}', 'securityContext: {runAsNonRoot: true}'),
      /runAsNonRoot is set but it would run as root/,
    ],
    [
      'an exec probe',
      deployment('{name: c, image: "node:24", readinessProbe: {exec: {command: [true]}}}'),
      /only httpGet and tcpSocket probes/,
    ],
  ];
  it.each(cases)('%s', async (_name, render, message) => {
    const before = listNamespaces().filter((ns) => ns.startsWith('tl-'));
    await expect(startCluster(render, { programs: nodeOnlyPrograms })).rejects.toThrow(message);
    // Only what this run added: other runs on the machine come and go meanwhile.
    const added = listNamespaces().filter((ns) => ns.startsWith('tl-') && !before.includes(ns));
    expect(added).toEqual([]);
  });

  it('a Service whose port differs from its targetPort', async () => {
    const render = fixture('network.yaml');
    const service = render.services[0];
    if (service?.spec.ports?.[0]) service.spec.ports[0].port = 80;
    await expect(startCluster(render, { programs: nodeOnlyPrograms })).rejects.toThrow(
      /Service web-any: port 80 -> targetPort 8080; the local runner needs them equal/,
    );
  });
});

describe('the sweeper', () => {
  it('removes what a run whose owner died left: processes, namespaces, hosts files, directories', async () => {
    const stateDir = '/run/tracing-lab-sweeper-test';
    const cluster = await startCluster(fixture('network.yaml'), {
      programs: nodeOnlyPrograms,
      stateDir,
    });
    const pids = cluster.pods().flatMap((p) => p.containers.map((c) => c.pid as number));
    const namespaces = listNamespaces().filter((ns) => ns.startsWith(`tl-${cluster.runId}-`));
    expect(namespaces.length).toBe(4);
    // The owner dies: a pid that no longer exists, as after a SIGKILL or a reboot.
    const ownerFile = join(stateDir, cluster.runId, 'owner.json');
    const dead = Number(
      execFileSync(process.execPath, ['-p', 'process.pid'], { encoding: 'utf8' }),
    );
    writeFileSync(
      ownerFile,
      JSON.stringify({ ...JSON.parse(readFileSync(ownerFile, 'utf8')), pid: dead }),
    );

    expect(sweepLeftovers(stateDir)).toEqual([cluster.runId]);
    expect(listNamespaces().filter((ns) => ns.startsWith(`tl-${cluster.runId}-`))).toEqual([]);
    for (const ns of namespaces) expect(existsSync(`/etc/netns/${ns}`)).toBe(false);
    expect(existsSync(cluster.runDir)).toBe(false);
    expect(existsSync(join(stateDir, cluster.runId))).toBe(false);
    await waitFor('container processes gone', () => pids.every((pid) => !isAlive(pid)), 5000);
    await cluster.stop();
    execFileSync('rm', ['-rf', stateDir]);
  }, 30_000);

  it('leaves a live run alone', async () => {
    const cluster = await startCluster(fixture('network.yaml'), { programs: nodeOnlyPrograms });
    try {
      expect(sweepLeftovers('/run/tracing-lab')).not.toContain(cluster.runId);
      expect(listNamespaces().filter((ns) => ns.startsWith(`tl-${cluster.runId}-`)).length).toBe(4);
    } finally {
      await cluster.stop();
    }
  }, 30_000);
});
