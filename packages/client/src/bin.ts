#!/usr/bin/env node
// Entry point of `tracing-lab-client`: the only file that reads the environment.
import {
  applyWorkshopEnvDefaults,
  otlpEndpointsFromEnv,
  setupTelemetry,
} from '@tracing-lab/telemetry';
import { runClientLoop } from './client-loop.js';
import { type ClientConfig, ConfigError, parseClientEnv } from './config.js';
import { LOG_PREFIX } from './progress-log.js';
import { version } from './scope.js';

function readConfig(): ClientConfig {
  try {
    return parseClientEnv(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${LOG_PREFIX} ${error.message}`);
    process.exit(2);
  }
}

const config = readConfig();
applyWorkshopEnvDefaults(process.env);
// Exporters follow OTEL_EXPORTER_OTLP_*; an unreachable collector is logged there, never fatal.
const telemetry = setupTelemetry({
  serviceName: 'client',
  serviceVersion: version,
  endpoints: otlpEndpointsFromEnv(process.env),
});

// Node running as PID 1 in a container gets no default signal handling: without these handlers
// SIGTERM would be ignored until Kubernetes kills the pod at the end of its grace period.
const stop = new AbortController();
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stop.signal.aborted) process.exit(1); // a second signal: the user wants out now
    console.log(`${LOG_PREFIX} ${signal} received, stopping`);
    stop.abort();
  });
}

await runClientLoop({ ...config, signal: stop.signal });
// Sends the spans of the last calls before leaving; bounded and never rejects, even with no collector.
await telemetry.shutdown();
process.exit(0);
