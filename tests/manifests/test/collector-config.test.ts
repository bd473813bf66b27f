import { describe, expect, it } from 'vitest';
import { type Config, collectorConfig, find, podSpec } from './k8s';
import { bytes } from './quantities';
import { overlays, render } from './render';

const pipelines = ['traces', 'metrics'];

/** Exporters of a pipeline whose endpoint is the Jaeger Service. */
function towardsJaeger(config: Config, pipeline: string): string[] {
  const names: string[] = config.service.pipelines[pipeline].exporters;
  return names.filter((name) =>
    /^(https?:\/\/)?jaeger:/.test(config.exporters?.[name]?.endpoint ?? ''),
  );
}

describe.each(overlays)('%s: Collector config', (overlay) => {
  const config = collectorConfig(render(overlay));

  it.each(pipelines)('%s pipeline: OTLP in, memory_limiter first then batch, debug out', (name) => {
    const pipeline = config.service.pipelines[name];
    expect(pipeline.receivers).toEqual(['otlp']);
    expect(pipeline.processors).toEqual(['memory_limiter', 'batch']);
    expect(pipeline.exporters).toContain('debug');
  });

  it('receives OTLP over gRPC and HTTP', () => {
    expect(config.receivers.otlp.protocols.grpc.endpoint).toBe('0.0.0.0:4317');
    expect(config.receivers.otlp.protocols.http.endpoint).toBe('0.0.0.0:4318');
  });

  it('memory_limiter checks often and stays below the container memory limit', () => {
    const limiter = config.processors.memory_limiter;
    expect(limiter.check_interval).toMatch(/^\d+m?s$/);
    const container = podSpec(find(render(overlay), 'Deployment', 'otel-collector')).containers[0];
    const limit = bytes(container?.resources?.limits?.memory ?? '0');
    expect(limiter.limit_mib * 2 ** 20).toBeLessThan(limit);
    expect(limiter.spike_limit_mib).toBeLessThan(limiter.limit_mib);
  });

  // "normal" prints `ResourceTraces #0 service.name=client ...` per batch: the log shows which
  // service sent what. "basic" prints counts only.
  it('debug prints each resource with its service name (verbosity normal)', () => {
    expect(config.exporters.debug).toEqual({ verbosity: 'normal' });
  });

  it('health_check runs on 0.0.0.0:13133', () => {
    expect(config.service.extensions).toEqual(['health_check']);
    expect(config.extensions.health_check.endpoint).toBe('0.0.0.0:13133');
  });

  it('metrics never go to Jaeger, which stores traces only', () => {
    expect(towardsJaeger(config, 'metrics')).toEqual([]);
  });
});

describe('the exporter towards Jaeger', () => {
  it('exercise: the traces pipeline has none, so Jaeger stays empty', () => {
    const config = collectorConfig(render('exercise'));
    expect(towardsJaeger(config, 'traces')).toEqual([]);
    expect(config.service.pipelines.traces.exporters).toEqual(['debug']);
  });

  it('solution: an OTLP gRPC exporter to jaeger:4317 in plaintext sits in the traces pipeline', () => {
    const config = collectorConfig(render('solution'));
    const [name, ...others] = towardsJaeger(config, 'traces');
    expect(others).toEqual([]);
    expect(name).toMatch(/^otlp_grpc(\/|$)/);
    expect(config.exporters[name ?? '']).toEqual({
      endpoint: 'jaeger:4317',
      tls: { insecure: true },
    });
  });
});
