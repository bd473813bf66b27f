import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../src/cluster.js';
import { listNamespaces } from '../src/network.js';
import { NSSWITCH_CONF } from '../src/service-dns.js';
import { fixture, nodeOnlyPrograms, waitFor } from './helpers.js';

// One line per link or route of the host namespace. Other software on the machine (a container
// engine, another run) may add its own meanwhile: the test looks only at what this run could add.
const hostLinks = () => execFileSync('ip', ['-o', 'link'], { encoding: 'utf8' }).split('\n');
const hostRoutes = () => execFileSync('ip', ['route'], { encoding: 'utf8' }).split('\n');
const added = (before: string[], now: string[]) => now.filter((line) => !before.includes(line));

describe('a render run as pods in network namespaces', () => {
  let cluster: Cluster;
  let linksBefore: string[];
  let routesBefore: string[];

  beforeAll(async () => {
    linksBefore = hostLinks();
    routesBefore = hostRoutes();
    cluster = await startCluster(fixture('network.yaml'), {
      programs: nodeOnlyPrograms,
      maxGraceMs: 2000,
    });
  }, 30_000);

  afterEach((context) => {
    if (context.task.result?.state === 'fail') console.error(cluster.tailLogs());
  });

  afterAll(async () => {
    await cluster?.stop();
  }, 30_000);

  it('reaches a Service whose pod binds 0.0.0.0, by short name and FQDN', async () => {
    const log = await waitFor('caller output', () => {
      const text = cluster.logs('caller');
      return text.includes('http://web-any:8080/ ok') && text.includes('http://xxx:4317/') && text;
    });
    expect(log).toMatch(
      /http:\/\/web-any:8080\/ ok \{"pod":"web-any-[a-z0-9]{10}-[a-z0-9]{5}","greeting":"hello"\}/,
    );
    expect(log).toContain('http://web-any.default.svc.cluster.local:8080/ ok');
  }, 30_000);

  it('cannot reach a pod that binds only 127.0.0.1, exactly as in a cluster', () => {
    expect(cluster.logs('caller')).toContain('http://web-local:8080/ failed ECONNREFUSED');
  });

  it('fails unknown names inside the pod without asking a real DNS server', () => {
    expect(cluster.logs('caller')).toMatch(/http:\/\/xxx:4317\/ failed (ENOTFOUND|EAI_AGAIN)/);
  });

  it('gives every pod an nsswitch.conf that resolves names through files and dns only', async () => {
    // caller mounts nothing; web-any mounts below /etc, which puts an overlay on the pod's /etc.
    for (const deployment of ['caller', 'web-any']) {
      const log = await waitFor(`${deployment} nsswitch.conf`, () => {
        const text = cluster.logs(deployment);
        return text.includes('nsswitch.conf=') && text;
      });
      expect(log).toContain(`nsswitch.conf=${JSON.stringify(NSSWITCH_CONF)}`);
    }
  }, 30_000);

  it('probes from outside the container: localhost-only is never Ready', async () => {
    await waitFor(
      'web-any Ready',
      () => cluster.pods().find((p) => p.deployment === 'web-any')?.ready,
    );
    expect(cluster.pods().find((p) => p.deployment === 'web-local')?.ready).toBe(false);
  }, 30_000);

  it('gives each container its pod name, node name, user and a read-only root filesystem', () => {
    const caller = cluster.pod('caller');
    expect(cluster.logs('caller')).toContain(
      `hostname=${caller.name} uid=0 node=tracing-lab-node rootfs-writable=yes`,
    );
    expect(cluster.logs('web-any')).toContain('listening on 0.0.0.0:8080 as uid 1234');
    // The emptyDir is writable by the pod's user although the root filesystem is read-only.
    expect(cluster.logs('web-any')).toContain('wrote /var/cache/web/written');
    // Mount paths exist only inside the pods' mount namespaces.
    expect(existsSync('/etc/web')).toBe(false);
    expect(existsSync('/var/cache/web')).toBe(false);
  });

  it('port-forwards to a pod, reaching localhost inside it like kubectl', async () => {
    for (const deployment of ['web-any', 'web-local']) {
      const forward = await cluster.portForward(deployment, 8080);
      const body = await waitFor(`${deployment} via port-forward`, async () =>
        (await fetch(forward.url)).json(),
      );
      expect(body).toMatchObject({ greeting: 'hello' });
      await forward.close();
    }
  }, 30_000);

  it('adds no interface or route to the host namespace', () => {
    // The run's bridge, a veth peer left in the host, or a route to the pod network (10.244/16).
    const ofThisRun = (line: string) =>
      /: cbr0[:@]/.test(line) ||
      line.includes(`link-netns tl-${cluster.runId}-`) ||
      line.startsWith('10.244.');
    expect(added(linksBefore, hostLinks()).filter(ofThisRun)).toEqual([]);
    expect(added(routesBefore, hostRoutes()).filter(ofThisRun)).toEqual([]);
  });

  it('updates a mounted ConfigMap in place without restarting, and rolls out a changed template', async () => {
    const render = fixture('network.yaml');
    const code = render.configMaps.find((c) => c.metadata.name === 'web-code');
    if (code?.data) code.data.greeting = 'bonjour';
    const webAny = cluster.pod('web-any').name;
    const first = await cluster.apply(render);
    expect(first).toEqual({ created: [], rolledOut: [], configMaps: ['web-code'] });
    expect(cluster.pod('web-any').name).toBe(webAny);
    const forward = await cluster.portForward('svc/web-any', 8080);
    expect(await (await fetch(forward.url)).json()).toMatchObject({
      pod: webAny,
      greeting: 'bonjour',
    });

    const container = render.deployments.find((d) => d.metadata.name === 'web-any')?.spec.template
      .spec.containers[0];
    container?.env?.push({ name: 'EXTRA', value: '1' });
    expect(await cluster.apply(render)).toEqual({
      created: [],
      rolledOut: ['web-any'],
      configMaps: [],
    });
    expect(cluster.pod('web-any').name).not.toBe(webAny);
    const body = await waitFor('the new pod', async () => (await fetch(forward.url)).json());
    expect(body).toMatchObject({ pod: cluster.pod('web-any').name });
    await forward.close();
  }, 40_000);

  it('removes every namespace, hosts file and directory on stop', async () => {
    const { runId, runDir } = cluster;
    await cluster.stop();
    expect(listNamespaces().filter((ns) => ns.startsWith(`tl-${runId}-`))).toEqual([]);
    expect(existsSync(runDir)).toBe(false);
    expect(existsSync(`/run/tracing-lab/${runId}`)).toBe(false);
  }, 30_000);
});
