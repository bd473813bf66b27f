import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { qualifiedRef, scratchContainerfile } from '../src/container-images/index.js';
import { repoRoot } from './helpers.js';

const run = promisify(execFile);

describe('container images', () => {
  it('names images the way a registry client reads the manifests', () => {
    expect(qualifiedRef('otel/opentelemetry-collector-contrib:0.161.0')).toBe(
      'docker.io/otel/opentelemetry-collector-contrib:0.161.0',
    );
    expect(qualifiedRef('node:24.21.0-bookworm-slim')).toBe(
      'docker.io/library/node:24.21.0-bookworm-slim',
    );
    expect(qualifiedRef('ghcr.io/tracing-lab/tracing-lab-server:0.1.0')).toBe(
      'ghcr.io/tracing-lab/tracing-lab-server:0.1.0',
    );
    expect(qualifiedRef('localhost:5000/x:1')).toBe('localhost:5000/x:1');
    expect(qualifiedRef('localhost/x:1')).toBe('localhost/x:1');
  });

  it('puts a static binary alone in a scratch image, run by a numeric non-root user', () => {
    const text = scratchContainerfile('/cache/otelcol/otelcol-tracing-lab', {
      path: '/otelcol-contrib',
      cmd: ['--config', '/etc/otelcol-contrib/config.yaml'],
      labels: { 'org.opencontainers.image.version': '0.161.0' },
    });
    expect(text.split('\n')).toEqual([
      'FROM scratch',
      'COPY --chmod=0755 otelcol-tracing-lab /otelcol-contrib',
      'LABEL org.opencontainers.image.version="0.161.0"',
      'USER 10001:10001',
      'ENTRYPOINT ["/otelcol-contrib"]',
      'CMD ["--config","/etc/otelcol-contrib/config.yaml"]',
      '',
    ]);
  });

  it('tracing-lab images refuses an unknown architecture with one line, exit 2', async () => {
    const bin = join(repoRoot, 'packages/lab/dist/bin.js');
    const failure = await run('node', [bin, 'images', '--arch', 'sparc']).catch((e) => e);
    expect(failure.code).toBe(2);
    expect(failure.stderr).toBe('tracing-lab: --arch sparc: use amd64 or arm64\n');
  });
});
