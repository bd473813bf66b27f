import { describe, expect, it } from 'vitest';
import {
  byKind,
  type Config,
  type Container,
  collectorConfig,
  find,
  jaegerConfig,
  type Probe,
  podSpec,
} from './k8s';
import { label, overlays, render } from './render';

/** Every `endpoint:` a component listens on (receivers and extensions), wherever it is nested. */
function listenEndpoints(config: Config): string[] {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'endpoint' && typeof value === 'string') found.push(value);
      else walk(value);
    }
  };
  walk(config.receivers);
  walk(config.extensions);
  return found;
}

function probePort(probe: Probe | undefined): number | string | undefined {
  return probe?.httpGet?.port ?? probe?.tcpSocket?.port ?? probe?.grpc?.port;
}

function declares(container: Container, port: number | string | undefined): boolean {
  return (container.ports ?? []).some((p) => p.containerPort === port || p.name === port);
}

describe.each(overlays)('%s: probes and ports', (overlay) => {
  const rendered = render(overlay);
  const main = (name: string) => {
    const container = podSpec(find(rendered, 'Deployment', name)).containers[0];
    if (!container) throw new Error(`${name}: no container`);
    return container;
  };

  it.each(['server', 'otel-collector', 'jaeger'])(
    '%s listens, so readiness and liveness probes hit a declared port',
    (name) => {
      const container = main(name);
      for (const probe of [container.readinessProbe, container.livenessProbe]) {
        expect(probe?.httpGet?.path, name).toMatch(/^\//);
        expect(declares(container, probePort(probe)), `${name} probe port`).toBe(true);
      }
    },
  );

  it('the server is probed on /healthz, which creates no span and skips the hotspot', () => {
    const server = main('server');
    expect(server.readinessProbe?.httpGet?.path).toBe('/healthz');
    expect(server.livenessProbe?.httpGet?.path).toBe('/healthz');
    const port = server.env?.find((e) => e.name === 'PORT')?.value;
    expect(declares(server, Number(port))).toBe(true);
  });

  it('the client listens on nothing: no port, no probe, no Service', () => {
    const client = main('client');
    expect(client.ports ?? []).toEqual([]);
    expect(client.readinessProbe ?? client.livenessProbe).toBeUndefined();
    expect(rendered.objects.some((o) => o.kind === 'Service' && o.metadata.name === 'client')).toBe(
      false,
    );
  });

  it('every Service port forwards to the same, declared, container port', () => {
    for (const service of byKind(rendered, 'Service')) {
      const container = main(service.metadata.name);
      for (const port of service.spec?.ports ?? []) {
        expect(port.targetPort, `${label(service)} ${port.name}`).toBe(port.port);
        const declared = container.ports?.find((p) => p.containerPort === port.port);
        expect(declared?.name, `${label(service)} ${port.name}`).toBe(port.name);
      }
      expect(service.spec?.type ?? 'ClusterIP', label(service)).toBe('ClusterIP');
    }
  });

  // Since v0.104 Collector components (Jaeger v2 is one) bind localhost unless told otherwise:
  // other pods and the kubelet's probes would get "connection refused".
  it.each([
    ['otel-collector', collectorConfig],
    ['jaeger', jaegerConfig],
  ] as const)(
    '%s binds every declared port on 0.0.0.0, the rest on loopback only',
    (name, read) => {
      const container = main(name);
      const endpoints = listenEndpoints(read(rendered));
      for (const endpoint of endpoints) {
        const [host, port] = endpoint.split(':');
        if (declares(container, Number(port))) expect(host, endpoint).toBe('0.0.0.0');
        else expect(['127.0.0.1', 'localhost'], endpoint).toContain(host);
      }
      for (const port of container.ports ?? []) {
        expect(endpoints, `${name} port ${port.name}`).toContain(`0.0.0.0:${port.containerPort}`);
      }
    },
  );
});
