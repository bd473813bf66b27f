import type { ChildProcess } from 'node:child_process';

/** SIGTERM to the container's process group, SIGKILL after the grace period, as the kubelet does. */
export async function terminate(child: ChildProcess, graceMs: number) {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  signalGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => child.pid && signalGroup(child.pid, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Containers are started as group leaders (`detached`), so this reaches what they forked too. */
export function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}
