import { chmod, mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  type Binaries,
  binaryVersion,
  cacheLayout,
  ensureBinaries,
  loadVersions,
  missingFromManifest,
  readBuilderManifest,
} from '../src/binaries/index.js';
import * as fixtures from './binaries-fixtures.js';

const versions = await loadVersions();
const manifest = await readBuilderManifest();
const overlays = fixtures.overlayNames();
const temps = fixtures.tempDirs();
const temp = temps.make;
afterAll(temps.cleanup);

describe('one set of versions everywhere', () => {
  it('builds every Collector component at the release versions.json records', () => {
    const { dist, ...sections } = parse(manifest);
    expect(dist.version).toBe(versions.collector);
    const gomods = Object.values(sections).flatMap((list) => (list as { gomod: string }[]) ?? []);
    expect(gomods.length).toBeGreaterThan(0);
    for (const { gomod } of gomods) expect(gomod).toMatch(new RegExp(` v${versions.collector}$`));
  });

  it('has the exercise and solution overlays to check', () => {
    expect(overlays).toEqual(expect.arrayContaining(['exercise', 'solution']));
  });

  describe.each(overlays)('overlay %s', (overlay) => {
    const manifests = fixtures.renderOverlay(overlay);

    it('runs the Collector and Jaeger images at the recorded versions', () => {
      const images = fixtures.containerImages(manifests);
      const collector = images.filter((i) => i.startsWith('otel/opentelemetry-collector-contrib:'));
      const jaeger = images.filter((i) => i.startsWith('jaegertracing/jaeger:'));
      expect(collector).toEqual([`otel/opentelemetry-collector-contrib:${versions.collector}`]);
      expect(jaeger).toEqual([`jaegertracing/jaeger:${versions.jaeger.release}`]);
    });

    it('has every component of its Collector config files in the builder manifest', () => {
      for (const { text } of fixtures.collectorConfigFiles(manifests))
        expect(missingFromManifest(text, manifest)).toEqual([]);
    });
  });
});

describe('the built binaries', () => {
  let built: Binaries;
  beforeAll(async () => {
    built = await fixtures.sharedBinaries();
  }, fixtures.BUILD_TIMEOUT_MS);

  it('report the pinned versions', async () => {
    expect(await binaryVersion('otelcol', built.otelcol)).toBe(versions.collector);
    expect(await binaryVersion('jaeger', built.jaeger)).toBe(versions.jaeger.release);
  });

  it('say truthfully that Jaeger built from the Go module has no UI', () => {
    expect(built.jaegerHasUI).toBe(false);
  });

  it('are reused from the cache without invoking go', async () => {
    const cacheDir = await temp();
    const layout = cacheLayout(cacheDir, versions, manifest);
    for (const [from, to] of [
      [built.otelcol, layout.otelcol],
      [built.jaeger, layout.jaeger],
    ]) {
      await mkdir(dirname(to as string), { recursive: true });
      await symlink(from as string, to as string);
    }
    const fakeGo = await temp();
    await writeFile(join(fakeGo, 'go'), `#!/bin/sh\ntouch ${fakeGo}/called\nexit 1\n`);
    await chmod(join(fakeGo, 'go'), 0o755);
    const result = await fixtures.withPath(`${fakeGo}:${process.env.PATH}`, () =>
      ensureBinaries({ cacheDir }),
    );
    expect(result).toEqual({ otelcol: layout.otelcol, jaeger: layout.jaeger, jaegerHasUI: false });
    expect(await readdir(fakeGo)).toEqual(['go']);
  });

  it('take binaries the user supplied, warning when their version differs', async () => {
    const lines: string[] = [];
    const result = await ensureBinaries({
      cacheDir: await temp(),
      versions: { ...versions, collector: '0.150.0' },
      otelcolPath: built.otelcol,
      jaegerPath: built.jaeger,
      onProgress: (line) => lines.push(line),
    });
    expect(result.otelcol).toBe(built.otelcol);
    expect(lines).toEqual([
      `warning: TRACING_LAB_OTELCOL=${built.otelcol} is version ${versions.collector}, the manifests pin 0.150.0`,
    ]);
  });
});
