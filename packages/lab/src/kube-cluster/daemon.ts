import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';

export interface DaemonOptions {
  name: string;
  command: string;
  args: string[];
  /** `<logs>/<name>.log` receives its output. */
  logs: string;
}

/**
 * Starts a daemon that outlives `tracing-lab cluster up`: its own session, output to a log file,
 * and the open-file limit raised to what root may set here (container runtimes and the API
 * server need more than the default 1024). Its command line names the cluster folder, which is
 * how `down` finds it again.
 */
export function startDaemon({ name, command, args, logs }: DaemonOptions): number {
  const log = openSync(join(logs, `${name}.log`), 'a');
  const child = spawn('sh', ['-c', 'ulimit -n 20000 && exec "$@"', name, command, ...args], {
    detached: true,
    stdio: ['ignore', log, log],
  });
  child.unref();
  if (!child.pid) throw new Error(`could not start ${name} (${command})`);
  return child.pid;
}
