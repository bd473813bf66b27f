import { describe, expect, it } from 'vitest';
import { endpointProblem } from '../../src/check/export-endpoint.js';
import { lastChange, rolloutProblem } from '../../src/check/rollout.js';
import type { ConfigMap, Deployment, NamespaceState, Pod, Service } from '../../src/check/types.js';
import { podProblem } from '../../src/check/workloads.js';

const collectorService: Service = {
  kind: 'Service',
  metadata: { name: 'otel-collector' },
  spec: {
    ports: [
      { name: 'otlp-grpc', port: 4317 },
      { name: 'otlp-http', port: 4318 },
    ],
  },
};

function deployment(name: string, env: Record<string, string> = {}): Deployment {
  return {
    kind: 'Deployment',
    metadata: { name },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: {
        spec: {
          containers: [
            { name, env: Object.entries(env).map(([n, value]) => ({ name: n, value })) },
          ],
          volumes: [{ name: 'config', configMap: { name: 'otel-collector-config' } }],
        },
      },
    },
  };
}

const endpoint = (value: string, extra: Record<string, string> = {}) =>
  endpointProblem(deployment('client', { OTEL_EXPORTER_OTLP_ENDPOINT: value, ...extra }), [
    collectorService,
  ]);

describe("check's reading of the export endpoint", () => {
  it("accepts the Collector's gRPC port in plaintext, however the Service is spelt", () => {
    expect(endpoint('http://otel-collector:4317')).toBeUndefined();
    expect(endpoint('http://otel-collector.trainee-7.svc.cluster.local:4317')).toBeUndefined();
    expect(
      endpoint('otel-collector:4317', { OTEL_EXPORTER_OTLP_INSECURE: 'true' }),
    ).toBeUndefined();
  });

  it('names what is wrong: unknown host, HTTP port, TLS, no port', () => {
    expect(endpoint('http://xxx:123')).toBe(
      'exports to http://xxx:123: no Service "xxx" in this namespace',
    );
    expect(endpoint('http://otel-collector:4318')).toMatch(/port 4318 is otlp-http/);
    expect(endpoint('otel-collector:4317')).toMatch(/without http:\/\/ the SDK attempts TLS/);
    expect(endpoint('http://otel-collector')).toMatch(/has no port \(none given\)/);
  });
});

const configMap = (times: string[]): ConfigMap => ({
  kind: 'ConfigMap',
  metadata: {
    name: 'otel-collector-config',
    creationTimestamp: '2026-12-01T10:00:00Z',
    managedFields: times.map((time) => ({ manager: 'kubectl-client-side-apply', time })),
  },
});

const collectorPod = (startedAt: string): Pod => ({
  kind: 'Pod',
  metadata: { name: 'otel-collector-abc', labels: { 'app.kubernetes.io/name': 'otel-collector' } },
  spec: { containers: [{ name: 'otel-collector' }] },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [
      { name: 'otel-collector', ready: true, restartCount: 0, state: { running: { startedAt } } },
    ],
  },
});

const state = (pod: Pod, cm: ConfigMap): NamespaceState => ({
  namespace: 'trainee-7',
  labels: {},
  deployments: [deployment('otel-collector')],
  pods: [pod],
  configMaps: [cm],
  services: [],
  jaegerServices: [],
});

describe('whether the running Collector loaded its ConfigMap', () => {
  it("the ConfigMap's last change is its newest managedFields time", () => {
    expect(lastChange(configMap(['2026-12-01T10:05:00Z', '2026-12-01T10:01:00Z']))).toBe(
      Date.parse('2026-12-01T10:05:00Z'),
    );
  });

  it('a Collector started before the change has not loaded it; one started after, or in the same second, has', () => {
    const cm = configMap(['2026-12-01T10:05:00Z']);
    expect(rolloutProblem(state(collectorPod('2026-12-01T10:04:59Z'), cm), cm)).toBe(
      'pod otel-collector-abc started 10:04:59, before otel-collector-config changed (10:05:00)',
    );
    expect(rolloutProblem(state(collectorPod('2026-12-01T10:05:00Z'), cm), cm)).toBeUndefined();
    expect(rolloutProblem(state(collectorPod('2026-12-01T10:06:00Z'), cm), cm)).toBeUndefined();
  });
});

describe('what keeps a pod from running', () => {
  it('names the waiting reason, the last exit and the message', () => {
    const pod = collectorPod('2026-12-01T10:00:00Z');
    pod.status.conditions = [{ type: 'Ready', status: 'False' }];
    pod.status.containerStatuses = [
      {
        name: 'otel-collector',
        ready: false,
        restartCount: 3,
        state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting' } },
        lastState: { terminated: { reason: 'Error', exitCode: 1 } },
      },
    ];
    expect(podProblem(pod)).toBe(
      'pod otel-collector-abc CrashLoopBackOff (last exit: Error 1): back-off 40s restarting',
    );
  });
});
