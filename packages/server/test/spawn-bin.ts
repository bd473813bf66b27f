import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { TEST_BIN } from './global-setup.js';

export interface BinProcess {
  child: ChildProcess;
  /** Every stderr line so far (the server logs only there). */
  lines: string[];
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Waits until a stderr line matches, or fails after `timeoutMillis`. */
  waitForLine(pattern: RegExp, timeoutMillis?: number): Promise<RegExpMatchArray>;
}

/**
 * Runs the server executable with a clean OTEL_* environment plus `env`; `wrapper` is a command
 * prefix (e.g. `unshare --pid --fork`) to run it under.
 */
export function spawnBin(env: Record<string, string>, wrapper: string[] = []): BinProcess {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(OTEL_|PORT$|HOST$|HOTSPOT_)/.test(key)),
  );
  const [command = process.execPath, ...args] = [...wrapper, process.execPath, TEST_BIN];
  const child = spawn(command, args, {
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let buffered = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  async function waitForLine(pattern: RegExp, timeoutMillis = 15_000) {
    const deadline = Date.now() + timeoutMillis;
    for (;;) {
      const match = lines.map((line) => line.match(pattern)).find(Boolean);
      if (match) return match;
      if (Date.now() > deadline || child.exitCode !== null) {
        throw new Error(`no stderr line matched ${pattern}; got:\n${lines.join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return { child, lines, exited, waitForLine };
}

/** Starts the server on a free loopback port and waits for its startup line. */
export async function startBin(env: Record<string, string>, wrapper: string[] = []) {
  const bin = spawnBin({ PORT: '0', HOST: '127.0.0.1', HOTSPOT_SCALE: '0', ...env }, wrapper);
  const [, port] = await bin.waitForLine(/listening on http:\/\/127\.0\.0\.1:(\d+) /);
  return { ...bin, url: `http://127.0.0.1:${port}` };
}
