export { DEFAULT_OTLP_ENDPOINT, otlpEndpointsFromEnv } from './endpoints.js';
export { applyWorkshopEnvDefaults, WORKSHOP_ENV_DEFAULTS } from './env-defaults.js';
export { shortReason } from './failure-reason.js';
export { setupTelemetry } from './setup-telemetry.js';
export type { LifecycleOptions, OtlpEndpoints, Telemetry, TelemetryOptions } from './types.js';
