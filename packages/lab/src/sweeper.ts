import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { deleteNamespaceSync, listNamespaces } from './network.js';
import { removePodDns } from './service-dns.js';

/** Every namespace of a run is named `tl-<runId>-...`, so a later run can find what a crash left. */
export const namespacePrefix = (runId: string) => `tl-${runId}-`;

interface Owner {
  pid: number;
  startTime: string;
  runDir: string;
}

/** Records which process owns a run, before the run creates anything. */
export function claimRun(stateDir: string, runId: string, runDir: string) {
  const dir = join(stateDir, runId);
  const draft = join(stateDir, `.${runId}`);
  mkdirSync(draft, { recursive: true, mode: 0o755 });
  const owner: Owner = { pid: process.pid, startTime: startTimeOf(process.pid) ?? '', runDir };
  writeFileSync(join(draft, 'owner.json'), JSON.stringify(owner));
  // Appears complete or not at all, so a concurrent sweep never takes it for a dead run.
  renameSync(draft, dir);
  return dir;
}

/** Removes everything of one run: processes, namespaces, hosts files, directories. */
export function removeRun(stateDir: string, runId: string, runDir?: string) {
  for (const ns of listNamespaces().filter((n) => n.startsWith(namespacePrefix(runId)))) {
    deleteNamespaceSync(ns);
    removePodDns(ns);
  }
  if (runDir) rmSync(runDir, { recursive: true, force: true });
  rmSync(join(stateDir, runId), { recursive: true, force: true });
}

/**
 * Cleans up after runs of `stateDir` whose owner died without cleaning (SIGKILL): their
 * namespaces, the processes still inside them, their hosts files and directories.
 * @returns the run ids swept
 */
export function sweepLeftovers(stateDir: string): string[] {
  // Only runs recorded in this state dir: a run claims its entry before it creates anything, so a
  // namespace without one here belongs to a run of another state dir, alive or not, never to us.
  const runs = existsSync(stateDir)
    ? readdirSync(stateDir).filter((entry) => !entry.startsWith('.'))
    : [];
  const swept: string[] = [];
  for (const runId of runs) {
    const owner = readOwner(join(stateDir, runId, 'owner.json'));
    if (owner && startTimeOf(owner.pid) === owner.startTime) continue;
    removeRun(stateDir, runId, owner?.runDir);
    swept.push(runId);
  }
  return swept;
}

function readOwner(file: string): Owner | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Owner;
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/<pid>/stat: tells a live owner from a recycled pid. */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
