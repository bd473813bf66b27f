import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

interface ProcessInfo {
  pid: number;
  ppid: number;
  cmdline: string;
}

function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    return { pid, ppid, cmdline };
  } catch {
    return undefined; // exited while we looked
  }
}

export function listProcesses(): ProcessInfo[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcess(Number(name)))
    .filter((info): info is ProcessInfo => info !== undefined);
}

/**
 * The cluster's processes: every daemon names the cluster folder on its command line (so do
 * containerd's shims), and the containers are their descendants.
 */
export function clusterProcesses(dir: string): number[] {
  const all = listProcesses();
  const found = new Set(all.filter((p) => p.cmdline.includes(`${dir}/`)).map((p) => p.pid));
  found.delete(process.pid);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all)
      if (found.has(p.ppid) && !found.has(p.pid)) {
        found.add(p.pid);
        grew = true;
      }
  }
  return [...found];
}

/** Unix socket files a process listens on (containerd shims leave theirs if killed). */
export function socketFilesOf(pid: number): string[] {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`, { encoding: 'utf8' });
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode) inodes.add(inode);
    }
  } catch {
    return [];
  }
  return readFileSync('/proc/net/unix', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter(
      (fields) => fields.length >= 8 && inodes.has(fields[6] ?? '') && fields[7]?.startsWith('/'),
    )
    .map((fields) => fields[7] as string);
}
