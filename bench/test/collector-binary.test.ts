import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectorBinary } from '../src/collector';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A stand-in for the lab's executable, run as `node <script> binaries` like the real one. */
function fakeLab(script: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-fake-lab-'));
  dirs.push(dir);
  const file = join(dir, 'lab.mjs');
  writeFileSync(file, script);
  return file;
}

const PRINT = `console.log('TRACING_LAB_OTELCOL=/opt/otelcol'); console.log('TRACING_LAB_JAEGER=/opt/jaeger');`;

describe('collectorBinary', () => {
  it('reads the Collector path that tracing-lab binaries prints', async () => {
    expect(await collectorBinary(fakeLab(PRINT))).toBe('/opt/otelcol');
  });

  it('goes on when the process never exits after printing (a Node exit deadlock)', async () => {
    const started = performance.now();
    const path = await collectorBinary(fakeLab(`${PRINT} setInterval(() => {}, 1000);`));
    expect(path).toBe('/opt/otelcol');
    expect(performance.now() - started).toBeLessThan(9000);
  }, 15_000);

  it('fails with the exit code when it exits before printing', async () => {
    await expect(collectorBinary(fakeLab('process.exit(3);'))).rejects.toThrow(
      'tracing-lab binaries failed (exit code 3)',
    );
  });
});
