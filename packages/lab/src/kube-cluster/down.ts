import { existsSync, readdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { readlink, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { removeKubeChains } from './iptables.js';
import { clusterLayout, NETWORK } from './layout.js';
import { clusterProcesses, socketFilesOf } from './processes.js';
import { readMade } from './record.js';
import { run } from './run.js';

export interface ClusterDownOptions {
  dir: string;
  onProgress?: (line: string) => void;
}

/**
 * `tracing-lab cluster down`: removes every process, mount, network namespace, interface,
 * iptables chain, cgroup and file the cluster made, from what `up` wrote down and from the
 * cluster folder's name on command lines and mount points. Works on a half-started cluster.
 *
 * @example await clusterDown({ dir: '/var/lib/tracing-lab/cluster' });
 */
export async function clusterDown({
  dir,
  onProgress = () => {},
}: ClusterDownOptions): Promise<void> {
  const layout = clusterLayout(dir);
  const made = await readMade(layout.record);

  // A throwaway cluster needs no graceful stop: kill all at once, so nothing restarts anything.
  const pids = clusterProcesses(dir);
  const shimSockets = pids.flatMap(socketFilesOf).filter((path) => !path.startsWith(`${dir}/`));
  onProgress(`stopping ${pids.length} processes...`);
  for (const pid of pids) signal(pid);
  for (let waited = 0; pids.some(alive) && waited < 100; waited++) await sleep(100);
  for (const socket of shimSockets) await rm(socket, { force: true });

  if (made.some((entry) => entry.kind === 'iptables')) removeKubeChains();

  const mounts = mountsUnder(dir);
  onProgress(`unmounting ${mounts.length} mounts (containers, network namespaces, volumes)...`);
  for (const mount of mounts)
    await run('umount', [mount]).catch(() => run('umount', ['-l', mount]));

  for (const entry of made) {
    if (entry.kind === 'interface' && existsSync(`/sys/class/net/${entry.name}`))
      await run('ip', ['link', 'del', entry.name]);
    if (entry.kind === 'cgroup') removeCgroup(entry.path);
  }
  await removeSharedFiles(
    layout.kubelet.podLogs,
    made.flatMap((m) => (m.kind === 'dir' ? [m.path] : [])),
  );
  await rm(dir, { recursive: true, force: true });
}

function signal(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Mount points under `dir`, deepest first so that parents unmount after their children. */
export function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((point) => point.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}

function removeCgroup(path: string): void {
  if (!existsSync(path)) return;
  for (const child of readdirSync(path)) {
    const sub = join(path, child);
    if (statSync(sub).isDirectory()) removeCgroup(sub);
  }
  try {
    rmdirSync(path);
  } catch {
    // a cgroup still holding a process cannot go; the processes were killed above
  }
}

/**
 * Entries the cluster left in folders other programs share: CNI's cache files named after the
 * cluster's network, the kubelet's log links into the cluster folder. Folders the cluster created
 * go entirely.
 */
async function removeSharedFiles(podLogs: string, createdDirs: string[]): Promise<void> {
  for (const path of createdDirs) await rm(path, { recursive: true, force: true });
  const cniResults = '/var/lib/cni/results';
  if (existsSync(cniResults))
    for (const file of readdirSync(cniResults))
      if (file.startsWith(`${NETWORK.cniNetwork}-`))
        await rm(join(cniResults, file), { force: true });
  const logLinks = '/var/log/containers';
  if (existsSync(logLinks))
    for (const link of readdirSync(logLinks)) {
      const target = await readlink(join(logLinks, link)).catch(() => '');
      if (target.startsWith(`${podLogs}/`)) await rm(join(logLinks, link), { force: true });
    }
}
