import { spawnSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { atomicBuild } from '../src/binaries/atomic-build.js';
import {
  cacheKey,
  cacheLayout,
  ensureBinaries,
  jaegerServesUI,
  loadVersions,
  readBuilderManifest,
} from '../src/binaries/index.js';
import { withLock } from '../src/binaries/lock.js';
import { tempDirs, withPath } from './binaries-fixtures.js';

const versions = await loadVersions();
const manifest = await readBuilderManifest();
const temps = tempDirs();
const temp = temps.make;
afterEach(temps.cleanup);

describe('building and caching', () => {
  it('names the culprit when a supplied binary is missing or not executable', async () => {
    const dir = await temp();
    await writeFile(join(dir, 'otelcol'), '#!/bin/sh\n');
    const ensure = (otelcolPath: string) => ensureBinaries({ cacheDir: dir, otelcolPath });
    await expect(ensure(join(dir, 'nope'))).rejects.toThrow(
      `TRACING_LAB_OTELCOL=${dir}/nope: no such file`,
    );
    await expect(ensure(join(dir, 'otelcol'))).rejects.toThrow(/otelcol: not executable/);
  });

  it('without Go, says what to install or how to supply the binaries', async () => {
    const cacheDir = await temp();
    const run = withPath(await temp(), () => ensureBinaries({ cacheDir }));
    await expect(run).rejects.toMatchObject({ kind: 'no-go' });
    await expect(run).rejects.toThrow(/Go is needed .* TRACING_LAB_OTELCOL and TRACING_LAB_JAEGER/);
  });

  it('keys the cache on the version and on the builder manifest', () => {
    const key = cacheKey('otelcol', '0.161.0', manifest);
    expect(cacheKey('otelcol', '0.161.0', manifest)).toBe(key);
    expect(cacheKey('otelcol', '0.162.0', manifest)).not.toBe(key);
    const withZipkin = `${manifest}  - gomod: zipkinexporter v0.161.0\n`;
    expect(cacheKey('otelcol', '0.161.0', withZipkin)).not.toBe(key);
    const jaeger = cacheLayout('/c', versions, manifest).jaegerDir;
    const next = { ...versions, jaeger: { release: '2.14.0', goModule: 'v1.77.0' } };
    expect(cacheLayout('/c', next, manifest).jaegerDir).not.toBe(jaeger);
  });

  it('never leaves a half build in place, and builds once for concurrent callers', async () => {
    const dir = join(await temp(), 'thing-1.0');
    await mkdir(join(dirname(dir), '.thing-1.0.tmp-99999')); // left by a run that was killed
    const ready = async () => (await readdir(dir).catch(() => [] as string[])).includes('bin');
    const failing = atomicBuild({
      dir,
      ready,
      label: 'thing',
      onProgress: () => {},
      build: async (tmp) => {
        await writeFile(join(tmp, 'bin'), 'half');
        throw new Error('interrupted');
      },
    });
    await expect(failing).rejects.toThrow('interrupted');
    expect(await readdir(dirname(dir))).toEqual([]);
    let builds = 0;
    const build = async (tmp: string) => {
      builds++;
      await writeFile(join(tmp, 'bin'), 'whole');
    };
    const twice = [1, 2].map(() =>
      atomicBuild({ dir, ready, label: 'thing', onProgress: () => {}, build }),
    );
    await Promise.all(twice);
    expect(builds).toBe(1);
    expect(await readdir(dirname(dir))).toEqual(['thing-1.0']);
  });

  it('takes over a lock left by a process that died', async () => {
    const lock = join(await temp(), 'x.lock');
    await writeFile(lock, String(spawnSync('true').pid));
    expect(
      await withLock(
        lock,
        async () => 'ran',
        () => {},
      ),
    ).toBe('ran');
  });

  it('finds the UI assets Jaeger embeds, also across read boundaries', async () => {
    const file = join(await temp(), 'jaeger');
    const filler = Buffer.alloc((1 << 20) - 5);
    await writeFile(file, Buffer.concat([filler, Buffer.from('actual/static/index-1a2b.js.gz')]));
    expect(await jaegerServesUI(file)).toBe(true);
    await writeFile(file, Buffer.concat([filler, Buffer.from('actual/index.html.gz')]));
    expect(await jaegerServesUI(file)).toBe(false);
  });
});
