import { hostOf } from './collector-config.js';
import type { Deployment, Service } from './types.js';

const VARIABLES = ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT'];

const envOf = (deployment: Deployment) =>
  deployment.spec.template.spec.containers.flatMap((c) => c.env ?? []);

/** Where a Deployment's OpenTelemetry SDK exports (the traces-specific variable wins). */
export function exportEndpoint(deployment: Deployment): string | undefined {
  const env = envOf(deployment);
  for (const name of VARIABLES) {
    const value = env.find((e) => e.name === name)?.value;
    if (value) return value;
  }
  return undefined;
}

/**
 * What is wrong with an export endpoint, seen from inside the namespace: undefined when it names
 * the Collector's Service on its OTLP gRPC port (the SDK of the lab exports over gRPC).
 */
export function endpointProblem(
  deployment: Deployment,
  services: Service[],
  collector = 'otel-collector',
): string | undefined {
  const endpoint = exportEndpoint(deployment);
  if (!endpoint) return 'no OTEL_EXPORTER_OTLP_ENDPOINT (the SDK then exports to localhost)';
  const host = hostOf(endpoint);
  const service = services.find((s) => s.metadata.name === host.split('.')[0]);
  if (!service) return `exports to ${endpoint}: no Service "${host}" in this namespace`;
  if (service.metadata.name !== collector)
    return `exports to ${endpoint}: Service ${service.metadata.name} is not the Collector`;
  const port = Number(/:(\d+)(?:\/|$)/.exec(endpoint.replace(/^[a-z]+:\/\//i, ''))?.[1] ?? NaN);
  const named = service.spec.ports?.find((p) => p.port === port);
  if (!named)
    return `exports to ${endpoint}: the Collector's Service has no port ${port || '(none given)'}`;
  if (named.name && !/grpc/.test(named.name))
    return `exports to ${endpoint}: port ${port} is ${named.name}, the SDK speaks OTLP over gRPC`;
  const insecure = envOf(deployment).some(
    (e) => e.name === 'OTEL_EXPORTER_OTLP_INSECURE' && e.value === 'true',
  );
  if (!endpoint.startsWith('http://') && !insecure)
    return `exports to ${endpoint}: without http:// the SDK attempts TLS, the Collector's port is plaintext`;
  return undefined;
}
