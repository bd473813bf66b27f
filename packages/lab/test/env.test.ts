import { describe, expect, it } from 'vitest';
import { containerEnv, expand, serviceLinks } from '../src/env.js';
import type { Container } from '../src/types.js';

const pod = {
  name: 'server-7d4b9c8f6c-x2k9p',
  namespace: 'trainee-7',
  uid: 'u-1',
  nodeName: 'tracing-lab-node',
  ip: '10.244.0.5',
  hostIP: '10.244.0.5',
  serviceAccountName: 'default',
  labels: { 'app.kubernetes.io/name': 'server' },
  annotations: {},
};
const sources = {
  pod,
  configMaps: [
    {
      kind: 'ConfigMap' as const,
      metadata: { name: 'settings' },
      data: { LEVEL: 'debug', MODE: 'x' },
    },
  ],
  serviceLinks: {},
};
const container = (fields: Partial<Container>): Container => ({
  name: 'c',
  image: 'node:24',
  ...fields,
});

describe('container environment, built as the kubelet builds it', () => {
  it('fills the downward API and expands $(VAR) over earlier variables', () => {
    const env = containerEnv(
      container({
        env: [
          { name: 'K8S_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          {
            name: 'K8S_NAMESPACE_NAME',
            valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
          },
          { name: 'K8S_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
          {
            name: 'APP',
            valueFrom: { fieldRef: { fieldPath: "metadata.labels['app.kubernetes.io/name']" } },
          },
          {
            name: 'OTEL_RESOURCE_ATTRIBUTES',
            value:
              'k8s.pod.name=$(K8S_POD_NAME),k8s.namespace.name=$(K8S_NAMESPACE_NAME),k8s.node.name=$(K8S_NODE_NAME)',
          },
        ],
      }),
      sources,
    );
    expect(env).toMatchObject({
      APP: 'server',
      OTEL_RESOURCE_ATTRIBUTES:
        'k8s.pod.name=server-7d4b9c8f6c-x2k9p,k8s.namespace.name=trainee-7,k8s.node.name=tracing-lab-node',
    });
  });

  it('keeps unknown references and $$ escapes as Kubernetes does', () => {
    expect(expand('$(LATER) $$(A) $(A) $', { A: 'a' })).toBe('$(LATER) $(A) a $');
  });

  it('reads envFrom and configMapKeyRef, env winning over envFrom', () => {
    const env = containerEnv(
      container({
        envFrom: [{ configMapRef: { name: 'settings' }, prefix: 'APP_' }],
        env: [
          { name: 'APP_MODE', value: 'y' },
          { name: 'LOG', valueFrom: { configMapKeyRef: { name: 'settings', key: 'LEVEL' } } },
        ],
      }),
      sources,
    );
    expect(env).toMatchObject({ APP_LEVEL: 'debug', APP_MODE: 'y', LOG: 'debug' });
  });

  it('fails clearly on what it cannot provide', () => {
    const secret = container({
      env: [{ name: 'S', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
    });
    expect(() => containerEnv(secret, sources)).toThrow(
      'container c: valueFrom of S is not supported by the local runner',
    );
    const missing = container({ envFrom: [{ configMapRef: { name: 'nope' } }] });
    expect(() => containerEnv(missing, sources)).toThrow(
      'container c: ConfigMap nope not found in the render',
    );
  });

  it('derives service links from Services', () => {
    const service = {
      kind: 'Service' as const,
      metadata: { name: 'otel-collector' },
      spec: { ports: [{ name: 'otlp-grpc', port: 4317 }] },
    };
    expect(serviceLinks([service], () => '10.244.0.4')).toMatchObject({
      OTEL_COLLECTOR_SERVICE_HOST: '10.244.0.4',
      OTEL_COLLECTOR_SERVICE_PORT: '4317',
      OTEL_COLLECTOR_SERVICE_PORT_OTLP_GRPC: '4317',
      OTEL_COLLECTOR_PORT: 'tcp://10.244.0.4:4317',
      OTEL_COLLECTOR_PORT_4317_TCP_ADDR: '10.244.0.4',
    });
  });
});
