type Env = Record<string, string | undefined>;

/**
 * Defaults of standard variables that differ from the SDK's own, each overridable by setting the
 * variable. `RES_OPTIONS` is glibc's: it bounds one DNS lookup to about a second per name tried,
 * because `process.exit` waits for every lookup in flight (a libuv worker blocked in
 * getaddrinfo), so an unanswering DNS server would otherwise hold a stopping process for 10 s
 * and more.
 */
export const WORKSHOP_ENV_DEFAULTS = {
  // The Collector's OTLP port in the manifests is 4317, gRPC (the SDK defaults to http/protobuf).
  OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
  // Metrics every 2 s, as in the original workshop, so a graph moves while attendees watch.
  OTEL_METRIC_EXPORT_INTERVAL: '2000',
  // No attribute value longer than 4 KiB leaves the process (a caller controls user_agent.original).
  OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '4096',
  // Room for bursts, and fewer, larger exports: one process then exports about 75,000 spans/s
  // without dropping any, where the SDK's 2048 / 512 lose spans from about 35,000 (`pnpm bench`).
  OTEL_BSP_MAX_QUEUE_SIZE: '8192',
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '1024',
  RES_OPTIONS: 'timeout:1 attempts:1',
} as const;

/**
 * Fills in {@link WORKSHOP_ENV_DEFAULTS} where a variable is unset or blank. Call it from the
 * executable, before `setupTelemetry` and before the first network call: the SDK and glibc read
 * these variables from the process environment themselves.
 *
 * @example
 * applyWorkshopEnvDefaults(process.env);
 * const telemetry = setupTelemetry({ serviceName: 'server', serviceVersion: '0.1.0' });
 */
export function applyWorkshopEnvDefaults(env: Env): void {
  for (const [variable, value] of Object.entries(WORKSHOP_ENV_DEFAULTS)) {
    if (!env[variable]?.trim()) env[variable] = value;
  }
}
