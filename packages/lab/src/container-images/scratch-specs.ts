import type { ScratchImageSpec } from './scratch-image.js';

/** The upstream image's layout: /otelcol-contrib, config in /etc/otelcol-contrib. */
export function collectorSpec(release: string): ScratchImageSpec {
  return {
    path: '/otelcol-contrib',
    cmd: ['--config', '/etc/otelcol-contrib/config.yaml'],
    labels: {
      'org.opencontainers.image.title': 'otelcol-tracing-lab',
      'org.opencontainers.image.description':
        'OpenTelemetry Collector built with the builder from packages/lab/builds/otelcol-builder.yaml',
      'org.opencontainers.image.version': release,
      'org.opencontainers.image.source':
        'https://github.com/open-telemetry/opentelemetry-collector',
    },
  };
}

/** The upstream image's layout: /cmd/jaeger/jaeger-linux, every port on all interfaces. */
export function jaegerSpec(release: string): ScratchImageSpec {
  return {
    path: '/cmd/jaeger/jaeger-linux',
    env: { JAEGER_LISTEN_HOST: '0.0.0.0' },
    labels: {
      'org.opencontainers.image.title': 'jaeger',
      'org.opencontainers.image.description':
        'Jaeger built from its Go module without cgo; serves a placeholder page instead of the UI',
      'org.opencontainers.image.version': release,
      'org.opencontainers.image.source': 'https://github.com/jaegertracing/jaeger',
    },
  };
}
