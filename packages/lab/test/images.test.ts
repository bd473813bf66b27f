import { describe, expect, it } from 'vitest';
import { containerSpec } from '../src/container-spec.js';
import { repositoryOf, resolveImage } from '../src/images.js';
import { nodeOnlyPrograms, repoRoot } from './helpers.js';

const programs = { ...nodeOnlyPrograms, otelcol: '/opt/otelcol', jaeger: '/opt/jaeger' };

describe('images stand for local programs', () => {
  it('parses image references', () => {
    expect(repositoryOf('otel/opentelemetry-collector-contrib:0.161.0')).toBe(
      'otel/opentelemetry-collector-contrib',
    );
    expect(repositoryOf('docker.io/library/node:24@sha256:abc')).toBe('node');
    expect(repositoryOf('localhost:5000/tracing-lab-server')).toBe(
      'localhost:5000/tracing-lab-server',
    );
  });

  it("keeps the published images' entrypoint, default args, user and environment", () => {
    expect(resolveImage('otel/opentelemetry-collector-contrib:0.161.0', programs)).toMatchObject({
      entrypoint: ['/otelcol-contrib'],
      cmd: ['--config', '/etc/otelcol-contrib/config.yaml'],
      user: { uid: 10001, gid: 10001 },
      files: { '/otelcol-contrib': '/opt/otelcol' },
    });
    expect(resolveImage('jaegertracing/jaeger:2.13.0', programs)).toMatchObject({
      env: { JAEGER_LISTEN_HOST: '0.0.0.0' },
      files: { '/cmd/jaeger/jaeger-linux': '/opt/jaeger' },
    });
  });

  it('runs our server image as its Dockerfile does: node dist/bin.js in the package', () => {
    const spec = resolveImage('ghcr.io/tracing-lab/tracing-lab-server:0.1.0', programs);
    expect(spec).toMatchObject({
      cmd: ['node', 'dist/bin.js'],
      workingDir: '/workspace/packages/server',
    });
    expect(spec.files['/workspace']).toBe(repoRoot);
  });

  it('refuses an image it has no program for, in one line', () => {
    expect(() => resolveImage('busybox:1.36', programs)).toThrow(
      /^image busybox:1\.36 has no local program/,
    );
  });

  it('applies command and args with Kubernetes semantics', () => {
    const context = {
      pod: {
        name: 'p',
        namespace: 'default',
        uid: 'u',
        nodeName: 'n',
        ip: '10.244.0.2',
        hostIP: '10.244.0.2',
        serviceAccountName: 'default',
        labels: {},
        annotations: {},
      },
      podSpec: { containers: [] },
      netns: 'tl-x-p',
      podDir: '/run/tracing-lab/x/pods/p',
      volumes: new Map(),
      programs,
      configMaps: [],
      serviceLinks: {},
    };
    const image = '/run/tracing-lab/x/pods/p/containers/c/image';
    const argsOnly = containerSpec(
      {
        name: 'c',
        image: 'otel/opentelemetry-collector-contrib:0.161.0',
        args: ['--config=/etc/x.yaml'],
      },
      context,
    );
    expect(argsOnly.runtime.argv).toEqual([`${image}/otelcol-contrib`, '--config=/etc/x.yaml']);
    expect(argsOnly.runtime.user).toEqual({ uid: 10001, gid: 10001, groups: [] });
    const command = containerSpec(
      {
        name: 'c',
        image: 'node:24',
        command: ['node', '-e', '$(CODE)'],
        env: [{ name: 'CODE', value: '1' }],
      },
      context,
    );
    expect(command.runtime.argv).toEqual(['node', '-e', '1']);
    // The image's node comes before any node of the host.
    expect(command.env.PATH).toContain(`${image}/usr/local/bin:/usr/local/bin`);
    expect(command.env.HOSTNAME).toBe('p');
  });
});
