import { spawn } from 'node:child_process';

/** Where and with what the guide's blocks run: a working copy, a PATH and a KUBECONFIG. */
export interface Shell {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

function start({ cwd, env }: Shell, script: string) {
  // Its own process group, so that stopping it also stops what it started (kubectl in a loop).
  const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', script], {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run = { child, output: '' };
  child.stdout.on('data', (chunk) => {
    run.output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    run.output += chunk;
  });
  return run;
}

const stopGroup = (pid: number | undefined, signal: NodeJS.Signals) => {
  try {
    if (pid) process.kill(-pid, signal);
  } catch {
    // already gone
  }
};

/** Runs a block to its end, as `bash -e`; fails naming it, with its output, on another exit code. */
export function runToEnd(
  shell: Shell,
  where: string,
  script: string,
  timeoutMs: number,
  exits = 0,
) {
  const run = start(shell, script);
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => stopGroup(run.child.pid, 'SIGKILL'), timeoutMs);
    run.child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === exits) resolve(run.output);
      else
        reject(
          new Error(
            `${where} ${signal ? `killed after ${timeoutMs} ms` : `exited ${code}`}:\n${script}\n${run.output}`,
          ),
        );
    });
  });
}

/**
 * Starts a block that keeps running (a port-forward) and resolves once it says where it listens
 * (`Forwarding from 127.0.0.1:PORT`), as a person waits for that line before going on.
 */
export function runInBackground(shell: Shell, where: string, script: string, timeoutMs = 30_000) {
  const run = start(shell, script);
  const exited = new Promise<void>((resolve) => run.child.on('close', () => resolve()));
  /** Stops it and what it started; resolves once they are gone and their port is free. */
  const stop = () => {
    stopGroup(run.child.pid, 'SIGTERM');
    return exited;
  };
  return new Promise<{ port: number; stop: () => Promise<void> }>((resolve, reject) => {
    const poll = setInterval(() => {
      const port = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(run.output)?.[1];
      if (port) done(() => resolve({ port: Number(port), stop }));
    }, 100);
    const timer = setTimeout(() => {
      void stop();
      const hint = 'is its port on 127.0.0.1 held by another program? (ss -ltnp)';
      done(() =>
        reject(
          new Error(`${where} did not forward within ${timeoutMs} ms, ${hint}\n${run.output}`),
        ),
      );
    }, timeoutMs);
    const done = (then: () => void) => {
      clearInterval(poll);
      clearTimeout(timer);
      then();
    };
    run.child.on('close', (code) => {
      done(() => reject(new Error(`${where} ended (exit ${code}):\n${script}\n${run.output}`)));
    });
  });
}
