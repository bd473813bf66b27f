import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LabConfigError } from './errors.js';

/** The local programs that stand in for container images. */
export interface Programs {
  /** The Collector built with the builder manifest in packages/lab/builds. */
  otelcol: string;
  /** Jaeger v2. */
  jaeger: string;
  /** The Node.js that runs our server and client (and `node:*` images). */
  node: string;
  /** The workspace holding packages/server/dist and packages/client/dist. */
  repoRoot: string;
}

/**
 * What an image brings to a container, in the image's own paths: its ENTRYPOINT, CMD, ENV,
 * USER, WORKDIR, and the files that stand for its content (image path -> host path).
 */
export interface ImageSpec {
  entrypoint: string[];
  cmd: string[];
  env: Record<string, string>;
  user: { uid: number; gid: number } | undefined;
  workingDir: string;
  files: Record<string, string>;
}

const BASE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Maps an image reference to the local program standing in for it, or fails with one clear line. */
export function resolveImage(image: string, programs: Programs): ImageSpec {
  const repository = repositoryOf(image);
  const spec = (fields: Partial<ImageSpec>): ImageSpec => ({
    entrypoint: [],
    cmd: [],
    env: { PATH: BASE_PATH },
    user: undefined,
    workingDir: '/',
    files: {},
    ...fields,
  });
  if (repository === 'otel/opentelemetry-collector-contrib') {
    // Same layout as the published image: binary /otelcol-contrib, config in /etc/otelcol-contrib.
    return spec({
      entrypoint: ['/otelcol-contrib'],
      cmd: ['--config', '/etc/otelcol-contrib/config.yaml'],
      user: { uid: 10001, gid: 10001 },
      files: { '/otelcol-contrib': programs.otelcol },
    });
  }
  if (repository === 'jaegertracing/jaeger' || repository.endsWith('/jaegertracing/jaeger')) {
    // cmd/jaeger/Dockerfile upstream: the image sets JAEGER_LISTEN_HOST so every port listens on all interfaces.
    return spec({
      entrypoint: ['/cmd/jaeger/jaeger-linux'],
      env: { PATH: BASE_PATH, JAEGER_LISTEN_HOST: '0.0.0.0' },
      user: { uid: 10001, gid: 10001 },
      files: { '/cmd/jaeger/jaeger-linux': programs.jaeger },
    });
  }
  const ours = /\/tracing-lab-(server|client)$/.exec(repository)?.[1];
  if (ours) {
    const entry = join(programs.repoRoot, 'packages', ours, 'dist', 'bin.js');
    if (!existsSync(entry)) {
      throw new LabConfigError(`${image}: ${entry} is missing; run \`pnpm build\` first`);
    }
    // The repository's Dockerfile: WORKDIR /app holding the package, USER 10001, CMD node dist/bin.js.
    // The whole workspace is mounted so the package's node_modules links resolve.
    return spec({
      cmd: ['node', 'dist/bin.js'],
      env: { PATH: BASE_PATH, NODE_ENV: 'production' },
      user: { uid: 10001, gid: 10001 },
      workingDir: `/workspace/packages/${ours}`,
      files: { '/usr/local/bin/node': programs.node, '/workspace': programs.repoRoot },
    });
  }
  if (repository === 'node') {
    return spec({ cmd: ['node'], files: { '/usr/local/bin/node': programs.node } });
  }
  throw new LabConfigError(
    `image ${image} has no local program: the runner knows the Collector contrib, Jaeger, tracing-lab server/client and node images`,
  );
}

/** `docker.io/library/node:24` -> `node`; `ghcr.io/x/y:1@sha256:..` -> `ghcr.io/x/y`. */
export function repositoryOf(image: string): string {
  const withoutDigest = image.split('@')[0] as string;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const name = colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
  return name.replace(/^(docker\.io|index\.docker\.io)\//, '').replace(/^library\//, '');
}
