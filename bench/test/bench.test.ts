import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { LABELS } from '../src/variants';
import { TEST_BIN } from './global-setup';

function runBench(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TEST_BIN, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('pnpm bench', () => {
  it('runs the four variants against the real Collector and ends with a BENCH line', async () => {
    const { code, stdout, stderr } = await runBench(['--smoke']);
    expect(code, stderr).toBe(0);

    const lines = stdout.trimEnd().split('\n');
    // One table row per variant, each with its numbers.
    for (const label of Object.values(LABELS)) {
      expect(lines.find((line) => line.startsWith(label)) ?? '', label).toMatch(/\d+ MiB +\d+ MiB/);
    }
    const last = lines.at(-1) ?? '';
    expect(last).toMatch(/^BENCH \{/);
    const bench = JSON.parse(last.slice('BENCH '.length)) as Record<string, unknown>;

    const positive = [
      'req_ratio_vs_bare',
      'spans_per_s_zero_drop',
      'rss_peak_mb',
      'startup_ratio_vs_bare',
      'client_rss_peak_mb',
      'client_calls_per_s',
    ];
    for (const key of [...positive, 'overhead_vs_auto', 'rounds_kept']) {
      expect(Number.isFinite(bench[key]), `${key}: ${bench[key]}`).toBe(true);
    }
    for (const key of positive) expect(bench[key], key).toBeGreaterThan(0);
    // The smoke mode runs one paired round, kept or dropped for CPU pressure.
    expect(Number(bench.rounds_kept) + Number(bench.rounds_dropped)).toBe(1);
    expect(bench.pressure_fallback).toBe(bench.rounds_kept === 0);
    expect(Number(bench.rss_peak_mb)).toBeLessThan(4096);
    // The client's peak is read against its own Deployment's limit.
    expect(Number(bench.client_memory_limit_mb)).toBeGreaterThan(0);
    expect(Number(bench.client_rss_peak_of_limit)).toBeGreaterThan(0);
  }, 180_000);

  it('refuses an unknown option with one line naming it', async () => {
    const { code, stderr } = await runBench(['--fast']);
    expect(code).toBe(2);
    expect(stderr.trim()).toMatch(/^bench: .*'--fast'[^\n]*$/);
  });
});
