import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../helpers.js';

const bin = join(repoRoot, 'packages', 'lab', 'dist', 'bin.js');

export interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface DemoRunOptions {
  /** The cluster's folder (TRACING_LAB_CLUSTER_DIR). */
  clusterDir?: string;
  /** Ctrl-C (SIGINT) once stdout matches; a second one if `twice` and it matches `twice`. */
  interruptAt?: RegExp;
  twice?: RegExp;
  /** Called with stdout so far on each chunk (to look at the cluster while the demo runs). */
  onOutput?: (stdout: string) => void;
  /** SIGINT after this long, SIGKILL 60 s later. */
  timeoutMs: number;
}

/** `tracing-lab demo <args>` as a user runs it, interrupted as a user would with Ctrl-C. */
export function runDemoCli(args: string[], options: DemoRunOptions): Promise<DemoRun> {
  const { clusterDir, interruptAt, twice, onOutput, timeoutMs } = options;
  const env = clusterDir ? { ...process.env, TRACING_LAB_CLUSTER_DIR: clusterDir } : process.env;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'demo', ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let interrupted = 0;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      onOutput?.(stdout);
      if (interrupted === 0 && interruptAt?.test(stdout)) {
        interrupted = 1;
        child.kill('SIGINT');
      } else if (interrupted === 1 && twice?.test(stdout)) {
        interrupted = 2;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGINT'), timeoutMs);
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs + 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The line matching `pattern` (anchored per line), or undefined. */
export const lineOf = (text: string, pattern: RegExp) =>
  text.split('\n').find((line) => pattern.test(line));
