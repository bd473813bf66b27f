import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { byKind, podSpec } from './k8s';
import { overlays, render, repoRoot } from './render';

const readJson = (path: string) => JSON.parse(readFileSync(join(repoRoot, path), 'utf8'));
const versions = readJson('packages/lab/builds/versions.json');
const ours = (pkg: string) => readJson(`packages/${pkg}/package.json`).version as string;

describe.each(overlays)('%s: images', (overlay) => {
  const images = byKind(render(overlay), 'Deployment').flatMap((d) =>
    podSpec(d).containers.map((c) => [c.name, c.image] as const),
  );

  it('every image is pinned to a release tag', () => {
    for (const [container, image] of images) {
      const tag = /^[^@]+:([\w][\w.-]*)$/.exec(image)?.[1];
      expect(tag, `${container}: ${image}`).toMatch(/^v?\d+\.\d+\.\d+$/);
    }
  });

  it('runs our images at the packages version and the releases the end-to-end tests run', () => {
    expect(Object.fromEntries(images)).toEqual({
      server: `ghcr.io/tracing-lab/tracing-lab-server:${ours('server')}`,
      client: `ghcr.io/tracing-lab/tracing-lab-client:${ours('client')}`,
      'otel-collector': `otel/opentelemetry-collector-contrib:${versions.collector}`,
      jaeger: `jaegertracing/jaeger:${versions.jaeger.release}`,
    });
  });
});
