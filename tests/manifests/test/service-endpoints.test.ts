import { describe, expect, it } from 'vitest';
import { byKind, collectorConfig, podSpec } from './k8s';
import { label, overlays, type Render, render } from './render';

interface Address {
  where: string;
  host: string;
  port: number;
  text: string;
}

const hostPort = /(?:[a-z][a-z0-9+.-]*:\/\/)?([a-z0-9](?:[a-z0-9.-]*[a-z0-9])?):(\d+)/g;

function addresses(where: string, text: string): Address[] {
  return [...text.matchAll(hostPort)].map((m) => ({
    where,
    host: m[1] ?? '',
    port: Number(m[2]),
    text,
  }));
}

/** Every host:port the programs connect to: env var values and the Collector's exporters. */
function outgoing(rendered: Render): Address[] {
  const fromEnv = byKind(rendered, 'Deployment').flatMap((d) =>
    podSpec(d).containers.flatMap((c) =>
      (c.env ?? []).flatMap((e) => addresses(`${label(d)} env ${e.name}`, e.value ?? '')),
    ),
  );
  const exporters: [string, { endpoint?: string } | null][] = Object.entries(
    collectorConfig(rendered).exporters ?? {},
  );
  const fromCollector = exporters.flatMap(([name, config]) =>
    addresses(`otel-collector exporter ${name}`, String(config?.endpoint ?? '')),
  );
  return [...fromEnv, ...fromCollector];
}

function servicePort(rendered: Render, { host, port }: Address) {
  const service = byKind(rendered, 'Service').find((s) => s.metadata.name === host);
  return service?.spec?.ports.find((p) => p.port === port);
}

const placeholder = 'http://xxx:123';

describe.each(overlays)('%s: every address names a Service port of the same render', (overlay) => {
  const rendered = render(overlay);
  const all = outgoing(rendered);
  const real = all.filter((a) => a.text !== placeholder);

  it('finds the addresses the programs use', () => {
    expect(all.map((a) => a.where)).toEqual(
      expect.arrayContaining(['Deployment/client env SERVER_URL']),
    );
  });

  it('each one resolves to a Service by its short name and a port it exposes', () => {
    for (const address of real) {
      expect(servicePort(rendered, address), `${address.where}: ${address.text}`).toBeDefined();
    }
  });

  it('OTLP gRPC senders point at a port named otlp-grpc, in plaintext', () => {
    const grpc = real.filter((a) => /OTEL_EXPORTER_OTLP_ENDPOINT|otlp_grpc/.test(a.where));
    for (const address of grpc) {
      expect(servicePort(rendered, address)?.name, address.where).toBe('otlp-grpc');
      if (address.where.includes(' env '))
        expect(address.text, address.where).toMatch(/^http:\/\//);
    }
  });
});

describe('the placeholder is the one deliberate exception', () => {
  it('exercise: client and server export to http://xxx:123, a host that does not exist', () => {
    const rendered = render('exercise');
    const broken = outgoing(rendered).filter((a) => !servicePort(rendered, a));
    expect(broken.map((a) => `${a.where}=${a.text}`).sort()).toEqual([
      `Deployment/client env OTEL_EXPORTER_OTLP_ENDPOINT=${placeholder}`,
      `Deployment/server env OTEL_EXPORTER_OTLP_ENDPOINT=${placeholder}`,
    ]);
    expect(byKind(rendered, 'Service').map((s) => s.metadata.name)).not.toContain('xxx');
  });

  it('solution: client and server export to the Collector Service', () => {
    const grpc = outgoing(render('solution')).filter((a) =>
      a.where.endsWith('OTEL_EXPORTER_OTLP_ENDPOINT'),
    );
    expect(grpc.map((a) => a.text)).toEqual([
      'http://otel-collector:4317',
      'http://otel-collector:4317',
    ]);
  });
});
