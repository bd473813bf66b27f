import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseCollectorConfig, exportFailures } from '../../src/check/index.js';
import { repoRoot } from '../helpers.js';

const config = (overlay: string) => readFileSync(join(repoRoot, 'kustomize', overlay), 'utf8');

describe("check's reading of a Collector config", () => {
  it('the exercise exports traces to debug only, the solution to Jaeger too', () => {
    const exercise = analyseCollectorConfig(config('overlays/exercise/otel-collector-config.yaml'));
    expect(exercise.tracesExporters).toEqual(['debug']);
    expect(exercise.jaegerExporters).toEqual([]);
    const solution = analyseCollectorConfig(config('base/otel-collector/config.yaml'));
    expect(solution.jaegerExporters).toEqual([
      { name: 'otlp_grpc/jaeger', endpoint: 'jaeger:4317', insecure: true, inTraces: true },
    ]);
    expect(solution.localhostReceivers).toEqual([]);
  });

  it('an exporter to Jaeger that no pipeline lists, and one without tls.insecure', () => {
    const facts = analyseCollectorConfig(`
exporters:
  otlp/jaeger: { endpoint: "jaeger.trainee-7.svc:4317" }
  otlp_grpc/tempo: { endpoint: "tempo:4317" }
service: { pipelines: { traces: { exporters: [otlp_grpc/tempo] } } }
`);
    expect(facts.jaegerExporters).toEqual([
      {
        name: 'otlp/jaeger',
        endpoint: 'jaeger.trainee-7.svc:4317',
        insecure: false,
        inTraces: false,
      },
    ]);
  });

  it('receivers on localhost, by address or by default, are named', () => {
    const facts = analyseCollectorConfig(`
receivers:
  otlp:
    protocols:
      grpc: { endpoint: "localhost:4317" }
      http: {}
  otlp/other: { protocols: { grpc: { endpoint: "0.0.0.0:4317" } } }
`);
    expect(facts.localhostReceivers).toEqual([
      'otlp/grpc localhost:4317',
      'otlp/http (no endpoint: localhost)',
    ]);
  });

  it('a file that is not YAML says so in one line', () => {
    const facts = analyseCollectorConfig('exporters: [debug\n  otlp: {');
    expect(facts.error).toMatch(/^not valid YAML: /);
    expect(facts.error).not.toContain('\n');
  });
});

describe("check's reading of a Collector log", () => {
  it('finds the TLS handshake failure of the Jaeger exporter, the latest first', () => {
    const line = (exporter: string, error: string) =>
      `2026-11-25T19:26:44.102Z\tinfo\tinternal/retry_sender.go:136\tExporting failed. Will retry the request after interval.\t${JSON.stringify({ 'otelcol.component.id': exporter, error, interval: '6s' })}`;
    const log = [
      line('otlp_grpc/jaeger', 'rpc error: code = Unavailable desc = name resolver error'),
      '2026-11-25T19:26:45Z\tinfo\tTraces\t{"spans": 16}',
      line(
        'otlp_grpc/jaeger',
        'rpc error: code = Unavailable desc = connection error: desc = "transport: authentication handshake failed: tls: first record does not look like a TLS handshake"',
      ),
    ].join('\n');
    const [latest, earlier] = exportFailures(log);
    expect(latest).toMatchObject({ exporter: 'otlp_grpc/jaeger', tls: true });
    expect(earlier).toMatchObject({ tls: false });
    expect(exportFailures('2026-11-25T19:26:45Z\tinfo\tTraces\t{"spans": 16}')).toEqual([]);
  });
});
