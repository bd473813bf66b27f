export { DEFAULT_OTLP_ENDPOINT, otlpEndpointsFromEnv } from './endpoints.js';
export { shortReason } from './failure-reason.js';
export { setupTelemetry } from './setup-telemetry.js';
export type { OtlpEndpoints, Telemetry, TelemetryOptions } from './types.js';
