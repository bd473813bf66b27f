import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadVersions } from '../../src/binaries/versions.js';
import { type Kubectl, kubectlFor } from '../../src/kube-cluster/kubectl.js';
import { NETWORK } from '../../src/kube-cluster/layout.js';
import { clusterProcesses, listProcesses } from '../../src/kube-cluster/processes.js';
import type { Made } from '../../src/kube-cluster/record.js';
import { run } from '../../src/kube-cluster/run.js';
import { waitFor } from '../helpers.js';
import {
  type CliRun,
  clusterCli,
  FIRST_BUILD_TIMEOUT_MS,
  lastLine,
  leftovers,
  readMadeNow,
  readText,
} from './cluster-cli.js';
import { stopSharedCluster } from './shared-cluster.js';
import { workload } from './workload.js';

const exec = promisify(execFile);
const versions = await loadVersions();
const ns = `cluster-test-${process.pid}`;

/** Runs `script` (Node) inside the network namespace of a container's process. */
async function nodeInNetns(pid: number, script: string): Promise<string> {
  const args = ['-t', String(pid), '-n', process.execPath, '--input-type=module', '-e', script];
  return (await exec('nsenter', args, { timeout: 30_000 })).stdout.trim();
}

describe('tracing-lab cluster build', () => {
  it(
    'prints where the cluster programs are, built once into the cache',
    async () => {
      const build = await clusterCli('build', mkdtempSync(join(tmpdir(), 'tracing-lab-build-')));
      expect(build.code, build.stderr).toBe(0);
      const paths = Object.fromEntries(
        build.stdout
          .trim()
          .split('\n')
          .map((line) => line.split('=') as [string, string]),
      );
      expect(Object.keys(paths)).toEqual(['etcd', 'kube-apiserver', 'kubectl', 'coredns', 'pause']);
      for (const path of Object.values(paths)) expect(existsSync(path), path).toBe(true);
      expect((await exec(paths.etcd as string, ['--version'])).stdout).toContain(versions.etcd);
    },
    FIRST_BUILD_TIMEOUT_MS,
  );
});

describe('tracing-lab cluster up / down', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracing-lab-cluster-'));
  let up: CliRun;
  let made: Made[] = [];
  let kubectl: Kubectl;
  let containerPid: (pod: string) => Promise<number>;

  beforeAll(async () => {
    await stopSharedCluster(); // one cluster per machine: this file starts its own
    up = await clusterCli('up', dir);
    made = await readMadeNow(dir);
    if (up.code !== 0) console.error(up.stderr);
    const kubectlPath = /matching kubectl: (\S+)/.exec(up.stderr)?.[1] ?? 'kubectl';
    kubectl = kubectlFor(kubectlPath, join(dir, 'kubeconfig'));
    const socket = join(dir, 'containerd', 'containerd.sock');
    containerPid = async (pod) => {
      const id = (
        await kubectl([
          '-n',
          ns,
          'get',
          'pod',
          pod,
          '-o',
          'jsonpath={.status.containerStatuses[0].containerID}',
        ])
      ).replace('containerd://', '');
      const tasks = await run('ctr', ['--address', socket, '-n', 'k8s.io', 'tasks', 'ls']);
      const line = tasks.split('\n').find((row) => row.startsWith(id));
      return Number(line?.trim().split(/\s+/)[1]);
    };
  }, FIRST_BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await clusterCli('down', dir);
  }, 120_000);

  it('ends `up` with the KUBECONFIG line, node Ready, CoreDNS running', async () => {
    expect(up.code).toBe(0);
    expect(lastLine(up.stdout)).toBe(`KUBECONFIG=${join(dir, 'kubeconfig')}`);
    const nodes = await kubectl([
      'get',
      'nodes',
      '-o',
      'jsonpath={.items[*].status.conditions[?(@.type=="Ready")].status}',
    ]);
    expect(nodes).toBe('True');
    const version = await kubectl(['version', '-o', 'json']);
    expect(JSON.parse(version).serverVersion.gitVersion).toBe(`v${versions.kubernetes}`);
    const dns = await kubectl([
      '-n',
      'kube-system',
      'get',
      'pods',
      '-l',
      'k8s-app=kube-dns',
      '-o',
      'jsonpath={.items[*].status.phase}',
    ]);
    expect(dns).toBe('Running');
  });

  it('runs pods in a restricted namespace: Service DNS from a pod, logs, exec', async () => {
    await kubectl(['create', 'namespace', ns]);
    await kubectl(['label', 'namespace', ns, 'pod-security.kubernetes.io/enforce=restricted']);
    const images = {
      pause: `tracing-lab.local/pause:${versions.pause}`,
      coredns: `tracing-lab.local/coredns:${versions.coredns}`,
    };
    await kubectl(['-n', ns, 'apply', '-f', '-'], workload(images));
    await kubectl(['-n', ns, 'wait', '--for=condition=Ready', 'pod', '--all', '--timeout=120s']);
    await kubectl(['-n', ns, 'rollout', 'status', 'deploy/web', '--timeout=60s']);

    expect(await kubectl(['-n', ns, 'logs', 'deploy/web'])).toContain(
      `CoreDNS-${versions.coredns}`,
    );
    expect(await kubectl(['-n', ns, 'exec', 'deploy/web', '--', '/coredns', '-version'])).toContain(
      `CoreDNS-${versions.coredns}`,
    );

    const webPod = (
      await kubectl([
        '-n',
        ns,
        'get',
        'pod',
        '-l',
        'app=web',
        '-o',
        'jsonpath={.items[0].metadata.name}',
      ])
    ).trim();
    const resolvConf = readText(`/proc/${await containerPid(webPod)}/root/etc/resolv.conf`);
    expect(resolvConf).toContain(`nameserver ${NETWORK.dnsServiceIp}`);
    expect(resolvConf).toContain(`search ${ns}.svc.cluster.local svc.cluster.local cluster.local`);

    // From the sandbox pod's own network: the Service name resolves through the cluster DNS
    // Service, and its address reaches the web pod through kube-proxy's rules.
    const clusterIp = (
      await kubectl(['-n', ns, 'get', 'svc', 'web', '-o', 'jsonpath={.spec.clusterIP}'])
    ).trim();
    const sandbox = await containerPid('sandbox');
    const script = `
      import { Resolver } from 'node:dns/promises';
      const resolver = new Resolver({ timeout: 2000, tries: 3 });
      resolver.setServers(['${NETWORK.dnsServiceIp}']);
      const [address] = await resolver.resolve4('web.${ns}.svc.cluster.local');
      const response = await fetch('http://' + address + '/health');
      console.log(address, response.status, await response.text());`;
    const seen = await waitFor(
      'the Service answering from the sandbox pod',
      () => nodeInNetns(sandbox, script).catch(() => undefined),
      30_000,
    );
    expect(seen).toBe(`${clusterIp} 200 OK`);
  }, 240_000);

  it('`down` removes everything `up` made', async () => {
    const down = await clusterCli('down', dir);
    expect(down.code).toBe(0);
    expect(made.length).toBeGreaterThan(0);
    expect(await leftovers(dir, made)).toEqual([]);
  }, 120_000);
});

describe('tracing-lab cluster down after `up` was killed', () => {
  it(
    'removes what the killed `up` had made',
    async () => {
      await stopSharedCluster();
      const dir = mkdtempSync(join(tmpdir(), 'tracing-lab-cluster-'));
      // Killed once CoreDNS's pod has a containerd shim: containers, mounts, a network namespace
      // and kube-proxy's rules exist, and `up` is still waiting for them.
      const shimStarted = () =>
        listProcesses().some(
          (p) => p.cmdline.includes('containerd-shim') && p.cmdline.includes(dir),
        );
      const killed = await clusterCli('up', dir, shimStarted);
      expect(killed.code).toBeNull();
      expect(killed.stdout).not.toContain('KUBECONFIG=');
      const made = await readMadeNow(dir);
      expect(made.length).toBeGreaterThan(0);
      expect(clusterProcesses(dir).length).toBeGreaterThan(0);
      const down = await clusterCli('down', dir);
      expect(down.code).toBe(0);
      expect(await leftovers(dir, made)).toEqual([]);
    },
    FIRST_BUILD_TIMEOUT_MS,
  );
});
