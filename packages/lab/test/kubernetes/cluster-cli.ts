import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mountsUnder } from '../../src/kube-cluster/down.js';
import { NETWORK } from '../../src/kube-cluster/layout.js';
import { clusterProcesses } from '../../src/kube-cluster/processes.js';
import { readMade } from '../../src/kube-cluster/record.js';
import { run } from '../../src/kube-cluster/run.js';
import { type LabRun, runLab } from '../helpers.js';

/** The first run builds Kubernetes, etcd and CoreDNS from source: tens of minutes on 2 cores. */
export const FIRST_BUILD_TIMEOUT_MS = 60 * 60_000;

export type CliRun = LabRun;

/**
 * `tracing-lab cluster <action>` as a user runs it, with the cluster in `dir`. With `killWhen`,
 * the process is SIGKILLed as soon as that returns true (checked every 200 ms).
 */
export function clusterCli(action: string, dir: string, killWhen?: () => boolean): Promise<CliRun> {
  return runLab(['cluster', action], {
    env: { ...process.env, TRACING_LAB_CLUSTER_DIR: dir },
    killWhen,
  });
}

/**
 * What a cluster in `dir` could have left: its processes, mounts, interfaces, kube-proxy's
 * iptables chains and the Service and pod ranges in any rule, CNI cache files, kubepods
 * cgroups it made, the folder itself. Empty when `down` did its job.
 */
export async function leftovers(dir: string, made: Awaited<ReturnType<typeof readMade>>) {
  const found: string[] = [];
  for (const pid of clusterProcesses(dir)) found.push(`process ${pid}`);
  for (const mount of mountsUnder(dir)) found.push(`mount ${mount}`);
  if (existsSync(`/sys/class/net/${NETWORK.bridge}`)) found.push(`interface ${NETWORK.bridge}`);
  for (const table of ['nat', 'filter']) {
    const rules = await run('iptables-save', ['-t', table]);
    for (const line of rules.split('\n'))
      if (/KUBE-|10\.213\.|10\.214\./.test(line)) found.push(`iptables ${table}: ${line}`);
  }
  const cniResults = '/var/lib/cni/results';
  if (existsSync(cniResults))
    for (const file of readdirSync(cniResults))
      if (file.startsWith(`${NETWORK.cniNetwork}-`)) found.push(`file ${cniResults}/${file}`);
  for (const entry of made)
    if ((entry.kind === 'cgroup' || entry.kind === 'dir') && existsSync(entry.path))
      found.push(`${entry.kind} ${entry.path}`);
  if (existsSync(dir)) found.push(`folder ${dir}`);
  return found;
}

export const readMadeNow = (dir: string) => readMade(join(dir, 'made.jsonl'));

export const lastLine = (text: string) => text.trim().split('\n').pop() ?? '';

export const readText = (path: string) => readFileSync(path, 'utf8');
