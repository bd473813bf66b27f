import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

export const run = promisify(execFile);

const started: ChildProcess[] = [];

/** Bins start with `#!/usr/bin/env node`: put this test's Node first on PATH so they get it. */
export const pathWithThisNode = `${dirname(process.execPath)}:${process.env.PATH}`;

/** Starts an installed bin with exactly `env` (plus PATH) and records everything it prints. */
export function startBin(binPath: string, env: Record<string, string>) {
  const child = spawn(binPath, [], { env: { PATH: pathWithThisNode, ...env } });
  started.push(child);
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk) => (output.stdout += chunk));
  child.stderr?.on('data', (chunk) => (output.stderr += chunk));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, output, exited };
}

export function killStarted(): void {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
}

/** A loopback port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  ms = 10_000,
) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
