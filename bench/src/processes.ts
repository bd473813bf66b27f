import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';

export interface Started {
  child: ChildProcess;
  pid: number;
  /** performance.now() at spawn. */
  startedAt: number;
  /** The last lines the process printed, for error messages. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMillis`. */
  stop(graceMillis?: number): Promise<void>;
}

const live = new Set<ChildProcess>();

/** Kills whatever the suite started that still runs (on Ctrl-C or a failure). */
export function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
}

/** Starts a program, keeping its last output lines; never inherits the terminal. */
export function start(command: string, args: string[], env: NodeJS.ProcessEnv): Started {
  const startedAt = performance.now();
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  live.add(child);
  const exited = once(child, 'exit');
  child.once('exit', () => live.delete(child));
  return {
    child,
    pid: child.pid ?? -1,
    startedAt,
    output: () => tail.trim(),
    async stop(graceMillis = 12_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMillis);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Status of one GET on loopback, or 0 when the connection fails. */
export function getStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => req.destroy());
    req.end();
  });
}

/**
 * Milliseconds from the spawn until `GET path` answers 200, polling every few milliseconds. Rejects
 * with the program's output if it exits first or takes longer than `timeoutMillis`.
 */
export async function waitFor200(
  started: Started,
  port: number,
  path: string,
  timeoutMillis = 30_000,
): Promise<number> {
  while (performance.now() - started.startedAt < timeoutMillis) {
    if (started.child.exitCode !== null) {
      throw new Error(`exited with code ${started.child.exitCode}: ${started.output()}`);
    }
    if ((await getStatus(port, path)) === 200) return performance.now() - started.startedAt;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`no 200 on ${path} after ${timeoutMillis / 1000} s: ${started.output()}`);
}
