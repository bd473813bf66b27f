import type { OtlpEndpoints } from './types.js';

/** The OTLP gRPC exporters' own default when no variable is set. */
export const DEFAULT_OTLP_ENDPOINT = 'http://localhost:4317';

type Env = Readonly<Record<string, string | undefined>>;

function nonBlank(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * Resolves the endpoint of each signal the way the OTLP exporters do (signal-specific variable,
 * then `OTEL_EXPORTER_OTLP_ENDPOINT`, then the default), so log lines name what the user set.
 *
 * @example
 * setupTelemetry({ serviceName: 'server', serviceVersion, endpoints: otlpEndpointsFromEnv(process.env) });
 */
export function otlpEndpointsFromEnv(env: Env): OtlpEndpoints {
  const shared = nonBlank(env.OTEL_EXPORTER_OTLP_ENDPOINT) ?? DEFAULT_OTLP_ENDPOINT;
  return {
    traces: nonBlank(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) ?? shared,
    metrics: nonBlank(env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT) ?? shared,
  };
}
