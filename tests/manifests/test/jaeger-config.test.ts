import { describe, expect, it } from 'vitest';
import { find, jaegerConfig, podSpec } from './k8s';
import { overlays, render } from './render';

describe.each(overlays)('%s: Jaeger v2', (overlay) => {
  const rendered = render(overlay);
  const config = jaegerConfig(rendered);
  const deployment = find(rendered, 'Deployment', 'jaeger');
  const container = podSpec(deployment).containers[0];

  it('runs the mounted config file', () => {
    expect(container?.args).toEqual(['--config=/etc/jaeger/config.yaml']);
  });

  it('stores traces in memory, bounded', () => {
    const backends = Object.values(config.extensions.jaeger_storage.backends) as {
      memory?: { max_traces: number };
    }[];
    expect(backends).toHaveLength(1);
    expect(backends[0]?.memory?.max_traces).toBeGreaterThan(0);
    expect(backends[0]?.memory?.max_traces).toBeLessThanOrEqual(50_000);
  });

  it('receives OTLP into storage and queries the same storage', () => {
    const store = config.exporters.jaeger_storage_exporter.trace_storage;
    expect(config.service.pipelines.traces.receivers).toEqual(['otlp']);
    expect(config.service.pipelines.traces.exporters).toEqual(['jaeger_storage_exporter']);
    expect(config.extensions.jaeger_query.storage.traces).toBe(store);
    expect(config.extensions.jaeger_query.http.endpoint).toBe('0.0.0.0:16686');
  });

  it('does not trace itself', () => {
    expect(config.extensions.jaeger_query.enable_tracing).toBe(false);
  });

  it('probes the path healthcheckv2 serves', () => {
    const health = config.extensions.healthcheckv2;
    expect(config.service.extensions).toContain('healthcheckv2');
    expect(health.use_v2).toBe(true);
    expect(container?.readinessProbe?.httpGet?.path).toBe(health.http.status.path);
    expect(container?.livenessProbe?.httpGet?.path).toBe(health.http.status.path);
  });

  it('is reached inside the cluster only (kubectl port-forward for the UI)', () => {
    expect(find(rendered, 'Service', 'jaeger').spec?.type).toBe('ClusterIP');
  });
});
