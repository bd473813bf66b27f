import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listNamespaces } from '../../src/network.js';
import { repoRoot } from '../helpers.js';
import { BUILD_TIMEOUT_MS, labPrograms } from './lab.js';

const bin = join(repoRoot, 'packages', 'lab', 'dist', 'bin.js');

/**
 * Runs `tracing-lab <args>` as a user would, interrupting it (Ctrl-C) once its output matches
 * `interruptAt`, or if it outlives `timeoutMs`.
 */
function tracingLab(args: string[], timeoutMs: number, interruptAt?: RegExp) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      const before = stdout;
      stdout += chunk;
      if (interruptAt && !interruptAt.test(before) && interruptAt.test(stdout))
        child.kill('SIGINT');
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGINT'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('tracing-lab demo', () => {
  // Built (or found) here, so that the demo's own start-up is not a first-run build.
  beforeAll(() => labPrograms(), BUILD_TIMEOUT_MS);

  it('runs the solution overlay, shows where to look and the first trace, then removes everything', async () => {
    const run = await tracingLab(['demo', '--duration', '20', '--port', '0'], 100_000);
    if (run.code !== 0) console.error(`${run.stdout}\n${run.stderr}`);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^All pods Ready after \d+\.\d s\.$/m);
    expect(run.stdout).toMatch(/^Jaeger UI: +http:\/\/127\.0\.0\.1:\d+\/$/m);
    expect(run.stdout).toMatch(/^Jaeger query API: +http:\/\/127\.0\.0\.1:\d+\/api\/traces\?/m);
    expect(run.stdout).toMatch(/^First trace visible in Jaeger \d+\.\d s after start\.$/m);
    expect(run.stdout).toMatch(/^trace [0-9a-f]{32}: \d+\.\d ms, \d+ spans, 2 services$/m);
    expect(run.stdout).toMatch(/^client +ExecuteRequest +\|█/m);
    expect(run.stdout).toMatch(/^Stopped: /m);
    const logDir = run.stdout.match(/^ {2}logs: (.*tracing-lab-([0-9a-f]+)\/logs)$/m);
    expect(logDir).not.toBeNull();
    const [, dir = '', runId = ''] = logDir ?? [];
    expect(listNamespaces().filter((ns) => ns.startsWith(`tl-${runId}-`))).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  }, 120_000);

  it('stops cleanly at the first Ctrl-C while the pods are starting', async () => {
    const run = await tracingLab(['demo', '--port', '0'], 60_000, /^ {2}pod \S+ created/m);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('All pods Ready');
    expect(run.stdout).toMatch(/^Stopped: /m);
    const [, runId] = run.stdout.match(/tracing-lab-([0-9a-f]+)\/logs$/m) ?? [];
    expect(runId).toBeDefined();
    expect(listNamespaces().filter((ns) => ns.startsWith(`tl-${runId}-`))).toEqual([]);
  }, 60_000);

  it.each([
    [['--overlay', 'nope'], /^tracing-lab: --overlay nope: use solution or exercise$/],
    [['--jaeger', '/nonexistent'], /^tracing-lab: --jaeger \/nonexistent: no such file$/],
    [['--port', 'x'], /^tracing-lab: --port x: a TCP port is expected$/],
    [['--nope'], /^tracing-lab: Unknown option '--nope'/],
  ])(
    'rejects demo %j with one line and exit code 2',
    async (args, line) => {
      const run = await tracingLab(['demo', ...args], 30_000);
      expect(run.code).toBe(2);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr.trimEnd()).toMatch(line);
      expect(run.stdout).toBe('');
    },
    40_000,
  );
});
