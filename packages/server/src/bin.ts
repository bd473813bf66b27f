#!/usr/bin/env node
import { setTimeout as sleep } from 'node:timers/promises';
import {
  applyWorkshopEnvDefaults,
  otlpEndpointsFromEnv,
  setupTelemetry,
} from '@tracing-lab/telemetry';
// Bundled at build time: only the version string lands in dist/bin.js.
import { version } from '../package.json';
import { createApp } from './app.js';
import { ConfigError, parseServerConfig } from './config.js';
import { listenErrorReason, startServer } from './serve.js';
import { traceRejectedRequests } from './server-span.js';

const NAME = 'tracing-lab-server';
// Kubernetes waits 30 s before SIGKILL. Requests get 7 s to finish, telemetry 3 s to flush.
const DRAIN_DEADLINE_MILLIS = 7_000;

function fail(message: string): never {
  console.error(`${NAME}: ${message}`);
  process.exit(2);
}

let config: ReturnType<typeof parseServerConfig>;
try {
  config = parseServerConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}

applyWorkshopEnvDefaults(process.env);
const telemetry = setupTelemetry({
  serviceName: 'server',
  serviceVersion: version,
  endpoints: otlpEndpointsFromEnv(process.env),
});
const app = createApp({ hotspotScale: config.hotspotScale });

const listening = startServer({
  fetch: app.fetch,
  port: config.port,
  host: config.host,
  onRejected: traceRejectedRequests(),
});
// Handlers go in before the startup line, since whoever reads that line may signal at once.
// Being explicit also matters as PID 1 in a container, where Node would ignore SIGTERM.
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));

const server = await listening.catch((error: NodeJS.ErrnoException) =>
  fail(`cannot listen on ${config.host}:${config.port}: ${listenErrorReason(error)} (HOST, PORT)`),
);
console.error(
  `${NAME} listening on http://${config.host}:${server.port} (hotspot scale ${config.hotspotScale})`,
);

let stopping = false;
async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  const drained = await Promise.race([
    (await listening).stop().then(() => true),
    sleep(DRAIN_DEADLINE_MILLIS, false, { ref: false }),
  ]);
  if (!drained) {
    console.error(
      `${NAME}: requests still running ${DRAIN_DEADLINE_MILLIS / 1000} s after ${signal}, exiting now`,
    );
  }
  // Every way out flushes what telemetry holds, bounded: a dead collector costs at most ~3 s.
  await telemetry.shutdown();
  process.exit(drained ? 0 : 1);
}
